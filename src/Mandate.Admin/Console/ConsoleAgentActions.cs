// POST /console/agents (create) and POST /console/agents/{id}/{suspend|resume|decommission|rotate-secret},
// plus GET /console/agents/{id}/confirm/{action}, the server-rendered confirmation step. Changes go through
// AgentService and are audited as admin.agent records with the operator's client id, like the admin API's.
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Admin.Console;

internal static class ConsoleAgentActions
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/console/agents", ConsoleHttp.Action(ConsoleRole.Agents, CreateAsync));
        endpoints.MapGet("/console/agents/{id}/confirm/{action}", ConsoleHttp.Page(ConsoleRole.Agents, ConfirmAsync));
        endpoints.MapPost("/console/agents/{id}/{action}", ConsoleHttp.Action(ConsoleRole.Agents, ChangeAsync));
    }

    private static async Task CreateAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        int? lifetime = null;
        var lifetimeText = form["token_lifetime_seconds"].ToString().Trim();
        if (lifetimeText.Length > 0)
        {
            if (!int.TryParse(lifetimeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                await WriteCreateErrorAsync(context, session, "MND3305: The token lifetime must be a whole number of seconds.").ConfigureAwait(false);
                return;
            }

            lifetime = seconds;
        }

        var registration = new AgentRegistration
        {
            Name = Text(form, "name"),
            Owner = Text(form, "owner"),
            Scopes = Words(form, "scopes"),
            Audiences = Words(form, "audiences"),
            TokenLifetimeSeconds = lifetime,
        };
        if (OperatorGuard.IsOperator(context, registration.Scopes, registration.DefaultScopes, registration.Audiences) && !session.May(ConsoleRole.Admin))
        {
            await ConsoleHttp.RefuseAsync(context, session, ConsoleRole.Admin).ConfigureAwait(false);
            return;
        }

        var outcome = await Service(context).CreateAsync(registration, context.RequestAborted, session.OperatorId).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            await WriteCreateErrorAsync(context, session, error.Description).ConfigureAwait(false);
            return;
        }

        await AuditAsync(context, session, "created", outcome.Agent!.Id).ConfigureAwait(false);
        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status201Created,
            ConsoleLayout.Render("Agent created", session, ConsoleAgentForms.SecretOnce(outcome.Agent, outcome.ClientSecret!))).ConfigureAwait(false);
    }

    private static async Task ConfirmAsync(HttpContext context, ConsoleSession session)
    {
        var (agent, action) = await FindAsync(context).ConfigureAwait(false);
        if (agent is null || action is null)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status404NotFound, "Not found", "No such agent or action. Go back to the list of agents.").ConfigureAwait(false);
            return;
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render(action.Label + "?", session, ConsoleAgentForms.Confirm(agent, session, action))).ConfigureAwait(false);
    }

    private static async Task ChangeAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        var action = ConsoleAgentAction.Find(context.Request.RouteValues["action"] as string ?? "");
        if (action is null)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status404NotFound, "Not found", "No such action.").ConfigureAwait(false);
            return;
        }

        var service = Service(context);
        var ct = context.RequestAborted;
        // Only mandate:admin acts on an operator (an agent holding an admin scope or the admin audience), as in the admin API.
        if ((await service.GetAsync(id, ct).ConfigureAwait(false)).Agent is { } target
            && OperatorGuard.IsOperator(context, target.AllowedScopes, target.DefaultScopes, target.AllowedAudiences) && !session.May(ConsoleRole.Admin))
        {
            await ConsoleHttp.RefuseAsync(context, session, ConsoleRole.Admin).ConfigureAwait(false);
            return;
        }

        var outcome = action.Name switch
        {
            "suspend" => await service.SuspendAsync(id, ct, session.OperatorId).ConfigureAwait(false),
            "resume" => await service.ResumeAsync(id, ct, session.OperatorId).ConfigureAwait(false),
            "decommission" => await service.DecommissionAsync(id, ct, session.OperatorId).ConfigureAwait(false),
            _ => await service.RotateSecretAsync(id, ct, revokeTokens: true, session.OperatorId).ConfigureAwait(false),
        };
        if (outcome.Error is { } error)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, error.StatusCode, action.Label, error.Description).ConfigureAwait(false);
            return;
        }

        await AuditAsync(context, session, action.AuditAction, outcome.Agent!.Id).ConfigureAwait(false);
        if (outcome.ClientSecret is { } secret)
        {
            await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("New secret", session, ConsoleAgentForms.SecretOnce(outcome.Agent, secret))).ConfigureAwait(false);
            return;
        }

        ConsoleHttp.Redirect(context, "/console/agents/" + Uri.EscapeDataString(outcome.Agent.Id));
    }

    private static async Task<(Agent? Agent, ConsoleAgentAction? Action)> FindAsync(HttpContext context)
    {
        var action = ConsoleAgentAction.Find(context.Request.RouteValues["action"] as string ?? "");
        var outcome = await Service(context).GetAsync(context.Request.RouteValues["id"] as string ?? "", context.RequestAborted).ConfigureAwait(false);
        return (outcome.Agent, action);
    }

    private static async Task AuditAsync(HttpContext context, ConsoleSession session, string action, string agentId)
    {
        ConsoleLog.AgentChanged(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Admin.Console"), session.OperatorId, action, agentId);
        await AdminAudit.WriteAsync(context, AuditEventTypes.AdminAgentChanged, session.OperatorId, action + " via console", agentId).ConfigureAwait(false);
    }

    private static Task WriteCreateErrorAsync(HttpContext context, ConsoleSession session, string error) =>
        ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status400BadRequest, ConsoleLayout.Render("Create agent", session, ConsoleAgentForms.Create(session, error)));

    private static string? Text(IFormCollection form, string name) => form[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    private static string[]? Words(IFormCollection form, string name) =>
        Text(form, name)?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static AgentService Service(HttpContext context) => context.RequestServices.GetRequiredService<AgentService>();
}
