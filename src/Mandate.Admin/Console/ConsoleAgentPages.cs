// GET /console/agents (filter by owner and status, 50 per page by cursor), GET /console/agents/{id} and
// GET /console/agents/new. Reads go through AgentService, as the admin API's do.
using System.Text;
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Admin.Console;

internal static class ConsoleAgentPages
{
    private const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/agents", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/agents"), ListAsync));
        endpoints.MapGet("/console/agents/new", ConsoleHttp.Page(ConsoleRole.Agents, (context, session) =>
            ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Create agent", session, ConsoleAgentForms.Create(session)))));
        endpoints.MapGet("/console/agents/{id}", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/agents/{id}"), ShowAsync));
    }

    private static async Task ListAsync(HttpContext context, ConsoleSession session)
    {
        var owner = context.Request.Query["owner"].ToString();
        var statusText = context.Request.Query["status"].ToString();
        var status = Enum.TryParse<AgentStatus>(statusText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : (AgentStatus?)null;
        var cursor = context.Request.Query["cursor"].ToString();
        var query = new AgentQuery { Owner = owner.Length == 0 ? null : owner, Status = status, Cursor = cursor.Length == 0 ? null : cursor, Limit = PageSize };

        if (query.Cursor is not null && !AgentCursor.TryParse(query.Cursor, out _, out _))
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status400BadRequest, "Agents", "MND3304: The page link is not valid; start again from the first page.").ConfigureAwait(false);
            return;
        }

        var page = await context.RequestServices.GetRequiredService<AgentService>().ListPageAsync(query, context.RequestAborted).ConfigureAwait(false);
        var body = new StringBuilder()
            .Append("<form method=\"get\" action=\"/console/agents\" role=\"search\"><label for=\"owner\">Owner</label>")
            .Append("<input type=\"search\" id=\"owner\" name=\"owner\" value=\"").Append(ConsoleLayout.Encode(owner)).Append("\">")
            .Append("<label for=\"status\">Status</label><select id=\"status\" name=\"status\"><option value=\"\">any</option>");
        foreach (var value in Enum.GetValues<AgentStatus>())
        {
            body.Append("<option").Append(status == value ? " selected" : "").Append('>').Append(value.ToString().ToLowerInvariant()).Append("</option>");
        }

        body.Append("</select><div class=\"actions\"><button type=\"submit\">Filter</button></div></form>");
        if (page.Agents.Count == 0)
        {
            body.Append(session.May(ConsoleRole.Agents)
                ? "<p class=\"muted\">No agent matches. <a href=\"/console/agents/new\">Create an agent</a> or clear the filter.</p>"
                : "<p class=\"muted\">No agent matches. Clear the filter, or ask an operator with mandate:agents to create one.</p>");
        }
        else
        {
            body.Append("<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Owner</th><th scope=\"col\">Status</th><th scope=\"col\">Scopes</th>")
                .Append("<th scope=\"col\">Audiences</th><th scope=\"col\">Last used</th><th scope=\"col\">Expires</th></tr></thead><tbody>");
            foreach (var agent in page.Agents)
            {
                body.Append("<tr><td><a href=\"/console/agents/").Append(Uri.EscapeDataString(agent.Id)).Append("\">").Append(ConsoleLayout.Encode(agent.Name)).Append("</a></td><td>")
                    .Append(ConsoleLayout.Encode(agent.Owner)).Append("</td><td>").Append(agent.Status.ToString().ToLowerInvariant()).Append("</td><td>")
                    .Append(ConsoleLayout.List(agent.AllowedScopes)).Append("</td><td>").Append(ConsoleLayout.List(agent.AllowedAudiences)).Append("</td><td>")
                    .Append(ConsoleLayout.Time(agent.LastUsedAt)).Append("</td><td>").Append(ConsoleLayout.Time(agent.ExpiresAt)).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        if (page.NextCursor is { } next)
        {
            body.Append("<p><a rel=\"next\" href=\"/console/agents?owner=").Append(Uri.EscapeDataString(owner)).Append("&amp;status=").Append(Uri.EscapeDataString(statusText))
                .Append("&amp;cursor=").Append(Uri.EscapeDataString(next)).Append("\">Next page</a></p>");
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Agents", session, body.ToString())).ConfigureAwait(false);
    }

    private static async Task ShowAsync(HttpContext context, ConsoleSession session)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        var outcome = await context.RequestServices.GetRequiredService<AgentService>().GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Agent is not { } agent)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status404NotFound, "Agent not found", "No agent has this id. Go back to the list of agents.").ConfigureAwait(false);
            return;
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render(agent.Name, session,
            ConsoleAgentForms.Details(agent, session) + await ConsoleAgentActivity.RenderAsync(context, agent, session).ConfigureAwait(false))).ConfigureAwait(false);
    }
}
