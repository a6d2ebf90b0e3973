// Server-rendered inline SVG bar chart of token requests issued and denied per bucket. No script, no library:
// colours come from the stylesheet (classes), each bar carries a <title> with its bucket and count, and the
// figure has a text summary for screen readers.
using System.Globalization;
using System.Text;

namespace Mandate.Admin.Console;

internal static class ConsoleChart
{
    private const int Width = 720;
    private const int Height = 160;
    private const int Left = 36;
    private const int Bottom = 20;
    private const int Top = 8;

    public static string Render(string id, string caption, ConsoleActivity activity, string timeFormat)
    {
        var buckets = activity.Issued.Count;
        var max = Math.Max(1, Math.Max(activity.Issued.DefaultIfEmpty().Max(), activity.Denied.DefaultIfEmpty().Max()));
        var plotWidth = Width - Left - 4;
        var plotHeight = Height - Top - Bottom;
        var slot = (double)plotWidth / buckets;
        var bar = Math.Max(1.0, slot / 2 - 1);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{caption}: {activity.TotalIssued} issued and {activity.TotalDenied} denied in total.");
        var svg = new StringBuilder(8192)
            .Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height)
            .Append("\" role=\"img\" aria-labelledby=\"").Append(id).Append("-title ").Append(id).Append("-desc\"><title id=\"").Append(id).Append("-title\">")
            .Append(ConsoleLayout.Encode(caption)).Append("</title><desc id=\"").Append(id).Append("-desc\">").Append(ConsoleLayout.Encode(summary)).Append("</desc>")
            .Append(Line(Left, Top + plotHeight, Width - 4, Top + plotHeight))
            .Append(Text(Left - 4, Top + 10, max.ToString(CultureInfo.InvariantCulture), "end"))
            .Append(Text(Left - 4, Top + plotHeight, "0", "end"));
        for (var i = 0; i < buckets; i++)
        {
            var x = Left + i * slot;
            var from = activity.Start + activity.Width * i;
            var label = from.UtcDateTime.ToString(timeFormat, CultureInfo.InvariantCulture) + " UTC";
            svg.Append(Bar("issued", x, bar, activity.Issued[i], max, plotHeight, label + ": " + activity.Issued[i].ToString(CultureInfo.InvariantCulture) + " issued"))
               .Append(Bar("denied", x + bar + 1, bar, activity.Denied[i], max, plotHeight, label + ": " + activity.Denied[i].ToString(CultureInfo.InvariantCulture) + " denied"));
            if (i % Math.Max(1, buckets / 6) == 0)
            {
                svg.Append(Text(x, Height - 4, from.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture), "start"));
            }
        }

        svg.Append("</svg><figcaption><span class=\"key issued\">issued</span> <span class=\"key denied\">denied</span> ")
            .Append(ConsoleLayout.Encode(summary)).Append(" Times on the axis are UTC.");
        if (activity.Truncated)
        {
            svg.Append(" Only the newest ").Append(ConsoleAuditReader.ChartRecordLimit.ToString(CultureInfo.InvariantCulture)).Append(" records of this window are counted.");
        }

        return svg.Append("</figcaption></figure>").ToString();
    }

    private static string Bar(string series, double x, double width, int value, int max, int plotHeight, string title)
    {
        var height = value == 0 ? 0 : Math.Max(1.0, (double)value / max * plotHeight);
        return string.Create(CultureInfo.InvariantCulture,
            $"<rect class=\"{series}\" x=\"{x:0.#}\" y=\"{Top + plotHeight - height:0.#}\" width=\"{width:0.#}\" height=\"{height:0.#}\"><title>{ConsoleLayout.Encode(title)}</title></rect>");
    }

    private static string Line(int x1, int y1, int x2, int y2) =>
        string.Create(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>");

    private static string Text(double x, double y, string text, string anchor) =>
        string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"{anchor}\">{ConsoleLayout.Encode(text)}</text>");
}
