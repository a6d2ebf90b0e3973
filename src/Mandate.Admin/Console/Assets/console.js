// Shows <time datetime> in the reader's local time (UTC stays in the title) and wires copy buttons.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("time[datetime]")) {
    const when = new Date(el.getAttribute("datetime"));
    if (!Number.isNaN(when.getTime())) {
      el.textContent = when.toLocaleString();
    }
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.getAttribute("data-copy"));
      if (source && navigator.clipboard) {
        await navigator.clipboard.writeText(source.textContent);
        button.textContent = "Copied";
      }
    });
  }
});
