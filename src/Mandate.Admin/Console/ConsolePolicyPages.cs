// GET/POST /console/agents/{id}/policy: edit an agent's scopes, audiences, token lifetime and expiry (checked by
// AgentPolicyValidator, as the admin API checks a registration) and its allowed hours, networks and request
// limits (checked by the admin API's monitoring-policy validator). Both halves are checked before either is
// stored, so a bad CIDR or a lifetime above the maximum shows the error inline and changes nothing.
using System.Globalization;
using Mandate.Server;
using Mandate.Server.Agents;
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Admin.Console;

internal static class ConsolePolicyPages
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/agents/{id}/policy", ConsoleHttp.Page(ConsoleRole.Agents, EditAsync));
        endpoints.MapPost("/console/agents/{id}/policy", ConsoleHttp.Action(ConsoleRole.Agents, SaveAsync));
    }

    private static async Task EditAsync(HttpContext context, ConsoleSession session)
    {
        var agent = await FindAsync(context).ConfigureAwait(false);
        if (agent is null)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status404NotFound, "Agent not found", "No agent has this id. Go back to the list of agents.").ConfigureAwait(false);
            return;
        }

        var policy = await context.RequestServices.GetRequiredService<MonitoringPolicyCache>().GetAsync(agent.Id, context.RequestAborted).ConfigureAwait(false);
        await WriteFormAsync(context, session, agent, ConsolePolicyForm.From(agent, policy), null, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private static async Task SaveAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var services = context.RequestServices;
        var agent = await FindAsync(context).ConfigureAwait(false);
        if (agent is null)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status404NotFound, "Agent not found", "No agent has this id. Go back to the list of agents.").ConfigureAwait(false);
            return;
        }

        // Only mandate:admin changes an operator's policy, as in the admin API.
        if (OperatorGuard.IsOperator(context, agent.AllowedScopes, agent.DefaultScopes, agent.AllowedAudiences) && !session.May(ConsoleRole.Admin))
        {
            await ConsoleHttp.RefuseAsync(context, session, ConsoleRole.Admin).ConfigureAwait(false);
            return;
        }

        var input = ConsolePolicyForm.Read(form);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var options = services.GetRequiredService<IOptions<MandateServerOptions>>().Value;
        if (input.Parse(out var lifetime, out var expiresAt, out var monitoring) is { } parseError)
        {
            await WriteFormAsync(context, session, agent, input, parseError, StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        if (string.Equals(input.ExpiresAt, ConsolePolicyForm.From(agent, null).ExpiresAt, StringComparison.Ordinal))
        {
            // The field still shows the stored expiry (to the minute): keep it exactly, seconds included.
            expiresAt = null;
        }

        var scopes = ConsolePolicyForm.Words(input.Scopes);
        var registration = new AgentRegistration
        {
            Name = agent.Name,
            Owner = agent.Owner,
            Scopes = scopes,
            DefaultScopes = [.. agent.DefaultScopes.Where(s => scopes.Contains(s, StringComparer.Ordinal))],
            Audiences = ConsolePolicyForm.Words(input.Audiences),
            TokenLifetimeSeconds = lifetime,
            ExpiresAt = expiresAt,
            GrantTypes = agent.AllowedGrantTypes,
        };
        if (services.GetRequiredService<AgentPolicyValidator>().Validate(registration) is { } invalid)
        {
            await WriteFormAsync(context, session, agent, input, invalid.Description, StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        var cache = services.GetRequiredService<MonitoringPolicyCache>();
        var current = await cache.GetAsync(agent.Id, context.RequestAborted).ConfigureAwait(false);
        monitoring.AutoSuspend = current?.AutoSuspend ?? false;
        monitoring.MaxTokenFamilies = current?.MaxTokenFamilies; // not on the form: kept as it is
        if (AdminMonitoringEndpoints.Validate(monitoring, agent.Id, now, out var policy) is { } monitoringError)
        {
            await WriteFormAsync(context, session, agent, input, monitoringError, StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        var outcome = await services.GetRequiredService<AgentService>().ReviseAsync(agent.Id, stored => stored.Status == AgentStatus.Decommissioned
            ? new AgentOutcome(null, null, new AgentError(409, "conflict", "A decommissioned agent's policy cannot change."))
            : new AgentOutcome(stored with
            {
                AllowedScopes = registration.Scopes,
                DefaultScopes = registration.DefaultScopes,
                AllowedAudiences = registration.Audiences,
                TokenLifetime = lifetime is { } seconds ? TimeSpan.FromSeconds(seconds) : stored.TokenLifetime,
                ExpiresAt = expiresAt is { } requested ? AgentExpiry.Resolve(requested, now, options) : stored.ExpiresAt,
            }, null, null), "policy", session.OperatorId, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            await WriteFormAsync(context, session, agent, input, error.Description, error.StatusCode).ConfigureAwait(false);
            return;
        }

        await cache.SetAsync(policy!, context.RequestAborted).ConfigureAwait(false);
        var action = "policy set via console: scopes=" + string.Join(' ', registration.Scopes) + " audiences=" + string.Join(' ', registration.Audiences)
            + " lifetime=" + ((int)outcome.Agent!.TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s hours=" + (monitoring.AllowedHours ?? "any")
            + " cidrs=" + (policy!.AllowedCidrs.Count == 0 ? "any" : string.Join(',', policy.AllowedCidrs));
        ConsoleLog.AgentChanged(services.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Admin.Console"), session.OperatorId, "changed the policy of", agent.Id);
        await AdminAudit.WriteAsync(context, AuditEventTypes.AdminAgentChanged, session.OperatorId, action, agent.Id).ConfigureAwait(false);
        ConsoleHttp.Redirect(context, "/console/agents/" + Uri.EscapeDataString(agent.Id) + "#policy");
    }

    private static Task WriteFormAsync(HttpContext context, ConsoleSession session, Agent agent, ConsolePolicyForm input, string? error, int status) =>
        ConsoleHttp.WriteHtmlAsync(context, status, ConsoleLayout.Render("Policy of " + agent.Name, session, input.Render(agent, session, error)));

    private static async Task<Agent?> FindAsync(HttpContext context) =>
        (await context.RequestServices.GetRequiredService<AgentService>().GetAsync(context.Request.RouteValues["id"] as string ?? "", context.RequestAborted).ConfigureAwait(false)).Agent;
}
