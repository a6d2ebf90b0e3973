// HTML of the alerts page: one row per alert.<rule> audit record with its severity (from the alert JSON kept in
// the record's details), rule, agent (linked), summary and evidence (the rule's details, address and token), and
// whether and by whom it was acknowledged, with an Acknowledge button for operators holding the agents right.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mandate.Server.Anomaly;
using Mandate.Storage;

namespace Mandate.Admin.Console;

internal static class ConsoleAlertView
{
    public static string List(IReadOnlyList<AuditRecord> alerts, IReadOnlyDictionary<long, AuditRecord> acknowledged, ConsoleSession session, bool openOnly, long? next)
    {
        var body = new StringBuilder("<p>")
            .Append(openOnly ? "<a href=\"/console/alerts\">Show all alerts</a>" : "<a href=\"/console/alerts?open=1\">Show only unacknowledged alerts</a>").Append("</p>");
        if (alerts.Count == 0)
        {
            return body.Append(openOnly
                ? "<p class=\"muted\">Every alert is acknowledged. Nothing needs your attention.</p>"
                : "<p class=\"muted\">No anomaly alert yet. Alerts appear when an agent breaks its monitoring policy or behaves unusually; set policies on each agent's page.</p>").ToString();
        }

        body.Append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Agent</th>")
            .Append("<th scope=\"col\">Summary and evidence</th><th scope=\"col\">Acknowledged</th></tr></thead><tbody>");
        foreach (var alert in alerts)
        {
            var (severity, evidence) = Parse(alert);
            body.Append("<tr id=\"a").Append(alert.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><td>").Append(ConsoleLayout.Time(alert.Timestamp))
                .Append("</td><td>").Append(severity == "high" ? "<strong class=\"danger\">high</strong>" : ConsoleLayout.Encode(severity))
                .Append("</td><td><code>").Append(ConsoleLayout.Encode(alert.Type[AnomalyRules.AuditTypePrefix.Length..])).Append("</code></td><td>");
            if (alert.AgentId is { } agent)
            {
                body.Append("<a href=\"/console/agents/").Append(Uri.EscapeDataString(agent)).Append("\">").Append(ConsoleLayout.Encode(agent)).Append("</a>");
            }

            body.Append("</td><td>").Append(ConsoleLayout.Encode(alert.Reason)).Append(Evidence(alert, evidence)).Append("</td><td>");
            if (acknowledged.TryGetValue(alert.Id, out var ack))
            {
                body.Append("by ").Append(ConsoleLayout.Encode(ack.ClientId)).Append(", ").Append(ConsoleLayout.Time(ack.Timestamp));
            }
            else if (session.May(ConsoleRole.Agents))
            {
                body.Append("<form class=\"inline\" method=\"post\" action=\"/console/alerts/").Append(alert.Id.ToString(CultureInfo.InvariantCulture))
                    .Append("/ack\">").Append(ConsoleLayout.Antiforgery(session)).Append("<button type=\"submit\">Acknowledge</button></form>");
            }
            else
            {
                body.Append("<span class=\"muted\">no</span>");
            }

            body.Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        if (next is { } before)
        {
            body.Append("<p><a rel=\"next\" href=\"/console/alerts?open=").Append(openOnly ? "1" : "0").Append("&amp;before=")
                .Append(before.ToString(CultureInfo.InvariantCulture)).Append("\">Older alerts</a></p>");
        }

        return body.ToString();
    }

    private static string Evidence(AuditRecord alert, IReadOnlyList<(string Name, string Value)> evidence)
    {
        var items = new List<(string Name, string Value)>(evidence);
        if (alert.ClientAddress is { } address)
        {
            items.Add(("address", address));
        }

        if (alert.TokenId is { } jti)
        {
            items.Add(("token", jti));
        }

        if (items.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("<dl class=\"evidence\">");
        foreach (var (name, value) in items)
        {
            html.Append("<dt>").Append(ConsoleLayout.Encode(name)).Append("</dt><dd>").Append(ConsoleLayout.Encode(value)).Append("</dd>");
        }

        return html.Append("</dl>").ToString();
    }

    // The severity and the rule's details from the alert JSON; an unreadable record shows "unknown" and no details.
    private static (string Severity, IReadOnlyList<(string Name, string Value)> Details) Parse(AuditRecord alert)
    {
        if (alert.Details is null)
        {
            return ("unknown", []);
        }

        try
        {
            using var json = JsonDocument.Parse(alert.Details);
            var root = json.RootElement;
            var severity = root.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unknown";
            var details = new List<(string, string)>();
            if (root.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object)
            {
                details.AddRange(d.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())));
            }

            if (root.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String)
            {
                details.Add(("action", action.GetString()!));
            }

            return (severity, details);
        }
        catch (JsonException)
        {
            return ("unknown", []);
        }
    }
}
