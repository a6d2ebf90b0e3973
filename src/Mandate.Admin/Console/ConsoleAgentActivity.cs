// The agent page's read-outs below its details: the access policy (hours, networks, limits), activity over the
// last 24 hours as a chart, recent tokens (jti, audience, scopes, chain, when, state), recent denials with their
// reasons and recent alerts. Everything comes from the monitoring policy and the audit trail.
using System.Globalization;
using System.Text;
using Mandate.Server.Anomaly;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Admin.Console;

internal static class ConsoleAgentActivity
{
    private const int RecentCount = 20;

    public static async Task<string> RenderAsync(HttpContext context, Agent agent, ConsoleSession session)
    {
        var services = context.RequestServices;
        var ct = context.RequestAborted;
        var reader = services.GetRequiredService<ConsoleAuditReader>();
        var policy = await services.GetRequiredService<MonitoringPolicyCache>().GetAsync(agent.Id, ct).ConfigureAwait(false);
        var activity = await reader.ActivityAsync(agent.Id, TimeSpan.FromHours(1), 24, ct).ConfigureAwait(false);
        var tokens = await reader.RecentAsync(agent.Id, AuditEventTypes.TokenIssued, RecentCount, ct).ConfigureAwait(false);
        var denials = await reader.RecentAsync(agent.Id, AuditEventTypes.TokenDenied, RecentCount, ct).ConfigureAwait(false);
        var alerts = await reader.RecentAsync(agent.Id, AnomalyRules.AuditTypePrefix, RecentCount, ct).ConfigureAwait(false);
        var revocations = services.GetRequiredService<RevocationList>();

        var html = new StringBuilder(8192).Append(Policy(agent, policy, session));
        html.Append("<h2 id=\"activity\">Activity, last 24 hours</h2>")
            .Append(ConsoleChart.Render("agent-activity", "Token requests per hour", activity, "yyyy-MM-dd HH:mm"));

        html.Append("<h2 id=\"tokens\">Recent tokens</h2>");
        if (tokens.Count == 0)
        {
            html.Append("<p class=\"muted\">No token issued yet. The agent gets one with <code>mandate token get</code> or a <code>POST /token</code>.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">jti</th><th scope=\"col\">Audience</th><th scope=\"col\">Scopes</th><th scope=\"col\">Chain</th>")
                .Append("<th scope=\"col\">Issued</th><th scope=\"col\">State</th></tr></thead><tbody>");
            foreach (var token in tokens)
            {
                var (actors, parent) = ConsoleAuditReader.Delegation(token);
                html.Append("<tr><td>").Append(TokenLink(token.TokenId)).Append("</td><td>").Append(ConsoleLayout.Encode(token.Audience))
                    .Append("</td><td>").Append(ConsoleLayout.List(Words(token.Scopes))).Append("</td><td>")
                    .Append(actors.Count == 0 && parent is null ? "<span class=\"muted\">direct</span>" : "actors " + ConsoleLayout.List(actors) + (parent is null ? "" : ", from " + TokenLink(parent)))
                    .Append("</td><td>").Append(ConsoleLayout.Time(token.Timestamp)).Append("</td><td>").Append(State(revocations, token, reader.Now)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("<h2 id=\"denials\">Recent denials</h2>");
        if (denials.Count == 0)
        {
            html.Append("<p class=\"muted\">No refused token request.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Error</th><th scope=\"col\">Reason</th><th scope=\"col\">Asked for</th><th scope=\"col\">From</th></tr></thead><tbody>");
            foreach (var denial in denials)
            {
                html.Append("<tr><td>").Append(ConsoleLayout.Time(denial.Timestamp)).Append("</td><td><code>").Append(ConsoleLayout.Encode(denial.Error)).Append("</code></td><td>")
                    .Append(ConsoleLayout.Encode(denial.Reason)).Append("</td><td>").Append(ConsoleLayout.List(Words(denial.Scopes))).Append(' ').Append(ConsoleLayout.Encode(denial.Audience))
                    .Append("</td><td>").Append(ConsoleLayout.Encode(denial.ClientAddress)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("<h2 id=\"alerts\">Alerts</h2>");
        if (alerts.Count == 0)
        {
            html.Append("<p class=\"muted\">No anomaly alert for this agent.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Rule</th><th scope=\"col\">Summary</th></tr></thead><tbody>");
            foreach (var alert in alerts)
            {
                html.Append("<tr><td>").Append(ConsoleLayout.Time(alert.Timestamp)).Append("</td><td><code>").Append(ConsoleLayout.Encode(alert.Type[AnomalyRules.AuditTypePrefix.Length..]))
                    .Append("</code></td><td>").Append(ConsoleLayout.Encode(alert.Reason)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        return html.ToString();
    }

    public static string TokenLink(string? jti) => jti is null
        ? "<span class=\"muted\">unknown</span>"
        : "<a href=\"/console/tokens/" + Uri.EscapeDataString(jti) + "\"><code>" + ConsoleLayout.Encode(jti) + "</code></a>";

    /// <summary>"active", "revoked" or "expired" for an issued-token record, as introspection would answer now.</summary>
    public static string State(RevocationList revocations, AuditRecord token, DateTimeOffset now)
    {
        if (token.LifetimeSeconds is { } lifetime && token.Timestamp.AddSeconds(lifetime) <= now)
        {
            return "<span class=\"muted\">expired</span>";
        }

        return revocations.IsRevoked(token.TokenId, token.AgentId, token.ClientId, token.Timestamp, token.KeyId)
            ? "<strong class=\"danger\">revoked</strong>"
            : "active";
    }

    public static IReadOnlyList<string> Words(string? text) => text is null ? [] : text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Policy(Agent agent, AgentMonitoringPolicy? policy, ConsoleSession session)
    {
        var html = new StringBuilder("<h2 id=\"policy\">Access policy</h2><dl>")
            .Append("<dt>Allowed hours</dt><dd>").Append(policy is { AllowedHoursStart: { } start, AllowedHoursEnd: { } end }
                ? string.Create(CultureInfo.InvariantCulture, $"{start:00}:00–{end:00}:00 ") + ConsoleLayout.Encode(policy.TimeZone ?? "UTC") + Mode(policy.HoursMode)
                : "<span class=\"muted\">any hour</span>").Append("</dd>")
            .Append("<dt>Allowed networks</dt><dd>").Append(policy is { AllowedCidrs.Count: > 0 } ? ConsoleLayout.List(policy.AllowedCidrs) + Mode(policy.NetworksMode) : "<span class=\"muted\">any network</span>").Append("</dd>")
            .Append("<dt>Token requests</dt><dd>").Append(Limit(policy?.TokensPerMinute, "minute")).Append(", ").Append(Limit(policy?.TokensPerDay, "day")).Append("</dd>")
            .Append("<dt>Refresh-token families</dt><dd>").Append(policy?.MaxTokenFamilies is { } families ? families.ToString("N0", CultureInfo.InvariantCulture) + " live at most" : "no limit").Append("</dd>")
            .Append("<dt>DPoP</dt><dd>").Append(agent.Dpop is { } dpop ? dpop.ToString().ToLowerInvariant() : "<span class=\"muted\">server default</span>").Append("</dd>")
            .Append("<dt>Auto-suspend</dt><dd>").Append(policy?.AutoSuspend == true ? "on high-severity alerts" : "off").Append("</dd></dl>");
        if (session.May(ConsoleRole.Agents) && agent.Status != AgentStatus.Decommissioned)
        {
            html.Append("<p><a href=\"/console/agents/").Append(Uri.EscapeDataString(agent.Id)).Append("/policy\">Edit policy…</a></p>");
        }

        return html.ToString();
    }

    private static string Mode(PolicyRuleMode mode) => mode == PolicyRuleMode.AlertOnly ? " (alert only)" : " (enforced)";

    private static string Limit(int? limit, string per) =>
        limit is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) + " per " + per : "no limit per " + per;
}
