// The page frame of every console page: skip link, navigation, the operator and sign-out form, and the
// helpers pages share (HTML encoding, UTC <time> elements that console.js shows in local time, the hidden
// anti-forgery field). Every dynamic value goes through Encode; pages never concatenate raw input.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Mandate.Admin.Console;

internal static class ConsoleLayout
{
    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static string Time(DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            return "<span class=\"muted\">never</span>";
        }

        var utc = time.ToUniversalTime();
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        return $"<time datetime=\"{iso}\" title=\"{text}\">{text}</time>";
    }

    public static string Antiforgery(ConsoleSession session) =>
        $"<input type=\"hidden\" name=\"{ConsoleHttp.AntiforgeryField}\" value=\"{Encode(session.AntiforgeryToken)}\">";

    public static string List(IReadOnlyList<string> values) =>
        values.Count == 0 ? "<span class=\"muted\">none</span>" : string.Join(" ", values.Select(v => "<code>" + Encode(v) + "</code>"));

    public static string Render(string title, ConsoleSession? session, string body)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" · Mandate console</title>")
            .Append("<link rel=\"stylesheet\" href=\"/console/assets/console.css\">")
            .Append("<script src=\"/console/assets/console.js\" defer></script></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a><header><span class=\"brand\">Mandate</span>");
        if (session is not null)
        {
            html.Append("<nav aria-label=\"Main\">");
            foreach (var (href, label, adminRoute) in ConsoleNavigation.Links)
            {
                if (session.MayRead(adminRoute))
                {
                    html.Append("<a href=\"").Append(href).Append("\">").Append(label).Append("</a>");
                }

                if (href == "/console/agents" && session.May(ConsoleRole.Agents))
                {
                    html.Append("<a href=\"/console/agents/new\">Create agent</a>");
                }
            }

            html.Append("</nav>")
                .Append("<form class=\"signout\" method=\"post\" action=\"/console/sign-out\">").Append(Antiforgery(session))
                .Append("<span title=\"").Append(Encode(session.OperatorId)).Append("\">").Append(Encode(session.DisplayName)).Append(" (").Append(ConsoleRoles.Describe(session.Role)).Append(")</span>")
                .Append("<button type=\"submit\">Sign out</button></form>");
        }

        html.Append("</header><main id=\"main\" tabindex=\"-1\"><h1>").Append(Encode(title)).Append("</h1>")
            .Append(body)
            .Append("</main></body></html>");
        return html.ToString();
    }
}
