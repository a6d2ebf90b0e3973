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

    private static async Task RenderAsync(HttpContext context, ConsoleSession session)
    {
        var services = context.RequestServices;
        var agents = await services.GetRequiredService<AgentService>().ListAsync(context.RequestAborted).ConfigureAwait(false);
        var orphans = await services.GetRequiredService<OrphanDetector>().FindAsync(context.RequestAborted).ConfigureAwait(false);
        var active = agents.Count(a => a.Status == AgentStatus.Active);
        var suspended = agents.Count(a => a.Status == AgentStatus.Suspended);
        var (chart, alerts, health) = await ConsoleOverviewHealth.RenderAsync(context).ConfigureAwait(false);

        var body = new StringBuilder()
            .Append("<div class=\"cards\">")
            .Append(Card("Active agents", active)).Append(Card("Suspended agents", suspended))
            .Append(Card("All agents", agents.Count)).Append(Card("Orphaned agents", orphans.Count))
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
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Overview", session, body.ToString())).ConfigureAwait(false);
    }

    private static string Card(string label, int value) => $"<div class=\"card\"><span>{ConsoleLayout.Encode(label)}</span><strong>{value}</strong></div>";
}
