// GET /console: agents by status and orphaned agents, read through the same services as the admin API.
using System.Text;
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Admin.Console;

internal static class ConsoleOverviewPage
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/console", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console"), RenderAsync));

    private const int ShownOrphans = 100;

    private static async Task RenderAsync(HttpContext context, ConsoleSession session)
    {
        var services = context.RequestServices;
        var (active, suspended, all, orphanCount, orphans) = await CountAsync(services, context.RequestAborted).ConfigureAwait(false);
        var (chart, alerts, health) = await ConsoleOverviewHealth.RenderAsync(context).ConfigureAwait(false);

        var body = new StringBuilder()
            .Append("<div class=\"cards\">")
            .Append(Card("Active agents", active)).Append(Card("Suspended agents", suspended))
            .Append(Card("All agents", all)).Append(Card("Orphaned agents", orphanCount))
            .Append(Card("Alerts, last 24 h", alerts))
            .Append("</div><h2 id=\"activity\">Token requests, last hour</h2>").Append(chart)
            .Append("<h2 id=\"health\">Health</h2>").Append(health)
            .Append("<h2>Orphaned agents</h2>");
        if (orphans.Count == 0)
        {
            body.Append("<p class=\"muted\">No orphaned agents: every agent is unexpired and was used recently.</p>");
        }
        else
        {
            body.Append("<table><thead><tr><th scope=\"col\">Agent</th><th scope=\"col\">Owner</th><th scope=\"col\">Reason</th><th scope=\"col\">Last used</th></tr></thead><tbody>");
            foreach (var (agent, reason) in orphans)
            {
                body.Append("<tr><td><a href=\"/console/agents/").Append(Uri.EscapeDataString(agent.Id)).Append("\">").Append(ConsoleLayout.Encode(agent.Name)).Append("</a></td><td>")
                    .Append(ConsoleLayout.Encode(agent.Owner)).Append("</td><td>").Append(ConsoleLayout.Encode(reason)).Append("</td><td>")
                    .Append(ConsoleLayout.Time(agent.LastUsedAt)).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
            if (orphanCount > orphans.Count)
            {
                body.Append("<p class=\"muted\">The first ").Append(orphans.Count).Append(" of ").Append(orphanCount)
                    .Append(" in creation order; <code>mandate agent orphans</code> lists them all.</p>");
            }
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Overview", session, body.ToString())).ConfigureAwait(false);
    }

    // One pass over the agents a page at a time (memory bounded whatever the fleet): the counts, and the first orphans.
    private static async Task<(int Active, int Suspended, int All, int OrphanCount, List<(Agent Agent, string Reason)> Orphans)> CountAsync(
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var agents = services.GetRequiredService<AgentService>();
        var detector = services.GetRequiredService<OrphanDetector>();
        int active = 0, suspended = 0, all = 0, orphanCount = 0;
        var orphans = new List<(Agent, string)>();
        string? cursor = null;
        do
        {
            var page = await agents.ListPageAsync(new AgentQuery { Limit = AgentCursor.MaxLimit, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var agent in page.Agents)
            {
                all++;
                active += agent.Status == AgentStatus.Active ? 1 : 0;
                suspended += agent.Status == AgentStatus.Suspended ? 1 : 0;
                if (detector.ReasonFor(agent) is { } reason && ++orphanCount <= ShownOrphans)
                {
                    orphans.Add((agent, reason));
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return (active, suspended, all, orphanCount, orphans);
    }

    private static string Card(string label, int value) => $"<div class=\"card\"><span>{ConsoleLayout.Encode(label)}</span><strong>{value}</strong></div>";
}
