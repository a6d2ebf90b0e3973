// The overview's live read-outs: token requests issued and denied per minute over the last hour (chart), alerts
// raised in the last 24 hours, and what this node knows of its health: the /readyz checks (store read and
// write), its position in the revocation log and the revocation-feed subscribers connected to it. The server
// keeps no registry of other nodes, so the page speaks for the node that serves it.
using System.Globalization;
using System.Text;
using Mandate.Server;
using Mandate.Server.Anomaly;
using Mandate.Server.Health;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mandate.Admin.Console;

internal static class ConsoleOverviewHealth
{
    public static async Task<(string Chart, int Alerts, string Health)> RenderAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var ct = context.RequestAborted;
        var reader = services.GetRequiredService<ConsoleAuditReader>();
        var activity = await reader.ActivityAsync(null, TimeSpan.FromMinutes(1), 60, ct).ConfigureAwait(false);
        var alerts = await services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditQuery { Type = AnomalyRules.AuditTypePrefix, Since = reader.Now.AddHours(-24), NewestFirst = true, Limit = 1000 }, ct).ConfigureAwait(false);

        var health = new StringBuilder("<dl>");
        if (services.GetService<HealthCheckService>() is { } checks)
        {
            var report = await checks.CheckHealthAsync(r => r.Tags.Contains(StoreReadinessCheck.Tag), ct).ConfigureAwait(false);
            health.Append("<dt>Store (as /readyz)</dt><dd>").Append(report.Status == HealthStatus.Healthy ? "healthy: reads and writes succeed" : "<strong class=\"danger\">" + ConsoleLayout.Encode(report.Status.ToString().ToLowerInvariant()) + "</strong>");
            foreach (var entry in report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy && e.Description is not null))
            {
                health.Append(" — ").Append(ConsoleLayout.Encode(entry.Description));
            }

            health.Append("</dd>");
        }

        health.Append("<dt>Revocation log position</dt><dd>").Append(services.GetRequiredService<RevocationList>().Cursor.ToString(CultureInfo.InvariantCulture)).Append("</dd>")
            .Append("<dt>Revocation-feed subscribers</dt><dd>").Append(services.GetRequiredService<ServerMetrics>().FeedSubscribers.ToString(CultureInfo.InvariantCulture))
            .Append(" connected to this node</dd><dt>Nodes</dt><dd class=\"muted\">this node only: servers sharing the store do not register with each other</dd></dl>");
        return (ConsoleChart.Render("overview-activity", "Token requests per minute, last hour", activity, "HH:mm"), alerts.Count, health.ToString());
    }
}
