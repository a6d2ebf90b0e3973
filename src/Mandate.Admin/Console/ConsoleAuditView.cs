// HTML of the audit page: the filter form (agent, type, since, until) and the records table, each agent linked to its page.
using System.Globalization;
using System.Text;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Admin.Console;

internal static class ConsoleAuditView
{
    public static string FilterForm(IQueryCollection query)
    {
        var html = new StringBuilder("<form method=\"get\" action=\"/console/audit\" role=\"search\">");
        Field(html, "agent", "Agent (id or client id)", query);
        Field(html, "type", "Type (exact, or a family ending in .)", query);
        Field(html, "since", "Since (15m, 1h, 7d or an ISO-8601 instant)", query);
        Field(html, "until", "Until (the same forms; records before it)", query);
        return html.Append("<div class=\"actions\"><button type=\"submit\">Filter</button></div></form>").ToString();
    }

    public static string Table(IReadOnlyList<AuditRecord> records, bool olderPage)
    {
        if (records.Count == 0)
        {
            return olderPage
                ? "<p class=\"muted\">No older records match. <a href=\"/console/audit\">Go back to the newest records</a>.</p>"
                : "<p class=\"muted\">No audit record matches. Widen the time range or clear the filters; records appear as agents request tokens and operators act.</p>";
        }

        var html = new StringBuilder("<table><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Type</th><th scope=\"col\">Agent</th>")
            .Append("<th scope=\"col\">Client</th><th scope=\"col\">Token</th><th scope=\"col\">Outcome</th></tr></thead><tbody>");
        foreach (var record in records)
        {
            html.Append("<tr id=\"r").Append(record.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><td>").Append(ConsoleLayout.Time(record.Timestamp))
                .Append("</td><td><code>").Append(ConsoleLayout.Encode(record.Type)).Append("</code></td><td>");
            if (record.AgentId is { } agent)
            {
                html.Append("<a href=\"/console/agents/").Append(Uri.EscapeDataString(agent)).Append("\">").Append(ConsoleLayout.Encode(agent)).Append("</a>");
            }

            html.Append("</td><td>").Append(ConsoleLayout.Encode(record.ClientId)).Append("</td><td>")
                .Append(record.TokenId is { } jti ? "<code>" + ConsoleLayout.Encode(jti) + "</code>" : "")
                .Append("</td><td>").Append(ConsoleLayout.Encode(Outcome(record))).Append("</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string Outcome(AuditRecord record) =>
        string.Join(": ", new[] { record.Error, record.Reason }.Where(part => !string.IsNullOrEmpty(part)));

    private static void Field(StringBuilder html, string name, string label, IQueryCollection query) =>
        html.Append("<label for=\"").Append(name).Append("\">").Append(ConsoleLayout.Encode(label)).Append("</label><input type=\"search\" id=\"")
            .Append(name).Append("\" name=\"").Append(name).Append("\" value=\"").Append(ConsoleLayout.Encode(query[name].ToString())).Append("\">");
}
