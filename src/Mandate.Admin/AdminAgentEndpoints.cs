// Admin API, agents (architecture §4):
//   POST /admin/agents                        -> 201 agent + client_secret (absent when jwks is given)
//   GET  /admin/agents[?limit&cursor&owner&status] -> [agent...], one page; Link rel="next" when more match
//   GET  /admin/agents/{id}                   -> agent | 404 {"error":"not_found"}
//   PATCH /admin/agents/{id} {"dpop":"required"|"allowed"} -> agent | 400 | 404 | 409 (decommissioned)
//   POST /admin/agents/{id}/suspend|resume|decommission -> agent | 404 | 409 {"error":"conflict"}
//   POST /admin/agents/{id}/rotate-secret[?revoke_tokens=true] -> agent + new client_secret
//   suspend, decommission and rotate-secret?revoke_tokens=true also revoke every outstanding token (not-before mark)
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminAgentEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        AdminRoutes.Post(endpoints, "/admin/agents", MandateScopes.AdminAgents, CreateAsync);
        AdminRoutes.Get(endpoints, "/admin/agents", MandateScopes.AdminRead, ListAsync);
        AdminRoutes.Get(endpoints, "/admin/agents/orphans", MandateScopes.AdminRead, OrphansAsync);
        AdminRoutes.Get(endpoints, "/admin/agents/{id}", MandateScopes.AdminRead, GetAsync);
        AdminRoutes.Patch(endpoints, "/admin/agents/{id}", MandateScopes.AdminAgents, UpdateAsync);
        AdminRoutes.Post(endpoints, "/admin/agents/{id}/suspend", MandateScopes.AdminAgents, (c, a) => ChangeAsync(c, a, "suspended", (s, id, ct) => s.SuspendAsync(id, ct, a)));
        AdminRoutes.Post(endpoints, "/admin/agents/{id}/resume", MandateScopes.AdminAgents, (c, a) => ChangeAsync(c, a, "resumed", (s, id, ct) => s.ResumeAsync(id, ct, a)));
        AdminRoutes.Post(endpoints, "/admin/agents/{id}/decommission", MandateScopes.AdminAgents, (c, a) => ChangeAsync(c, a, "decommissioned", (s, id, ct) => s.DecommissionAsync(id, ct, a)));
        AdminRoutes.Post(endpoints, "/admin/agents/{id}/rotate-secret", MandateScopes.AdminAgents, (c, a) => ChangeAsync(c, a, "got a new secret", (s, id, ct) => s.RotateSecretAsync(id, ct, RevokeTokens(c), a)));
    }

    private static async Task CreateAsync(HttpContext context, string adminClientId)
    {
        var (request, failure) = await AdminHttp.ReadAsync(context, AdminJsonContext.Default.CreateAgentRequest).ConfigureAwait(false);
        if (request is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (OperatorGuard.CheckCreate(context, request.Scopes, request.DefaultScopes, request.Audiences) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!TryParseDpop(request.Dpop, out var dpop))
        {
            await AdminHttp.Invalid("MND2666: dpop must be \"required\" or \"allowed\".").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var registration = new AgentRegistration
        {
            Name = request.Name,
            Owner = request.Owner,
            Scopes = request.Scopes,
            DefaultScopes = request.DefaultScopes,
            Audiences = request.Audiences,
            TokenLifetimeSeconds = request.TokenLifetimeSeconds,
            ExpiresAt = request.ExpiresAt,
            GrantTypes = request.GrantTypes,
            Jwks = request.Jwks is { ValueKind: not System.Text.Json.JsonValueKind.Null } jwks ? jwks.GetRawText() : null,
            Dpop = dpop,
        };

        var outcome = await Service(context).CreateAsync(registration, context.RequestAborted, adminClientId).ConfigureAwait(false);
        if (outcome.Error is not null)
        {
            await AdminHttp.WriteErrorAsync(context, outcome.Error).ConfigureAwait(false);
            return;
        }

        Log.AgentChanged(Logger(context), outcome.Agent!.Id, "created", adminClientId);
        await AdminAudit.WriteAsync(context, Storage.AuditEventTypes.AdminAgentChanged, adminClientId, "created", outcome.Agent.Id).ConfigureAwait(false);
        context.Response.Headers.Location = "/admin/agents/" + outcome.Agent.Id;
        await AdminHttp.WriteAsync(context, StatusCodes.Status201Created, AgentResponse.From(outcome.Agent, outcome.ClientSecret), AdminJsonContext.Default.AgentResponse).ConfigureAwait(false);
    }

    // PATCH /admin/agents/{id}: changes the agent's DPoP requirement. The new value is stored with optimistic
    // concurrency, cached on this node and published in the agent change feed, so other nodes follow it.
    private static async Task UpdateAsync(HttpContext context, string adminClientId)
    {
        if (await GuardTargetAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var (request, failure) = await AdminHttp.ReadAsync(context, AdminJsonContext.Default.UpdateAgentRequest).ConfigureAwait(false);
        if (request is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (request.Dpop is null)
        {
            await AdminHttp.Invalid("MND3550: The body must name a field to change: dpop.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!TryParseDpop(request.Dpop, out var dpop))
        {
            await AdminHttp.Invalid("MND2666: dpop must be \"required\" or \"allowed\".").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        string action = "dpop " + request.Dpop;
        await ChangeAsync(context, adminClientId, action, (service, id, ct) => service.ReviseAsync(
            id,
            agent => agent.Status == AgentStatus.Decommissioned
                ? new AgentError(409, "conflict", "MND3551: A decommissioned agent cannot be changed.")
                : new AgentOutcome(agent with { Dpop = dpop }, null, null),
            action,
            adminClientId,
            ct)).ConfigureAwait(false);
    }

    private static bool TryParseDpop(string? value, out DpopRequirement? dpop)
    {
        dpop = value switch
        {
            "required" => DpopRequirement.Required,
            "allowed" => DpopRequirement.Allowed,
            _ => null,
        };
        return value is null || dpop is not null;
    }

    private static async Task ListAsync(HttpContext context, string adminClientId)
    {
        var (query, failure) = AdminAgentListQuery.Parse(context.Request);
        if (query is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var page = await Service(context).ListPageAsync(query, context.RequestAborted).ConfigureAwait(false);
        var response = new List<AgentResponse>(page.Agents.Count);
        foreach (var agent in page.Agents)
        {
            response.Add(AgentResponse.From(agent));
        }

        if (page.NextCursor is { } next)
        {
            context.Response.Headers.Link = AdminAgentListQuery.NextLink(context.Request, query, next);
        }

        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, response, AdminJsonContext.Default.ListAgentResponse).ConfigureAwait(false);
    }

    // GET /admin/agents/orphans[?reason=expired|unused&limit&cursor&owner&status] -> [{id, name, owner, status, created_at,
    // last_used_at, expires_at, reason}] in creation order, paged like the agent list (Link rel="next").
    private static async Task OrphansAsync(HttpContext context, string adminClientId)
    {
        var reasonFilter = context.Request.Query["reason"];
        if (reasonFilter.Count > 1 || (reasonFilter.Count == 1 && reasonFilter[0] is not (OrphanDetector.Expired or OrphanDetector.Unused)))
        {
            await AdminHttp.Invalid("MND3250: reason must be expired or unused, given once.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (query, failure) = AdminAgentListQuery.Parse(context.Request);
        if (query is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var reason = reasonFilter.Count == 1 ? reasonFilter[0] : null;
        var (orphans, next) = await context.RequestServices.GetRequiredService<OrphanDetector>()
            .FindPageAsync(query, reason, context.RequestAborted).ConfigureAwait(false);
        var response = new List<OrphanResponse>(orphans.Count);
        foreach (var (agent, why) in orphans)
        {
            response.Add(OrphanResponse.From(agent, why));
        }

        if (next is not null)
        {
            context.Response.Headers.Link = AdminAgentListQuery.NextLink(context.Request, query, next, reason is null ? null : ("reason", reason));
        }

        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, response, AdminJsonContext.Default.ListOrphanResponse).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext context, string adminClientId)
    {
        var outcome = await Service(context).GetAsync(Id(context), context.RequestAborted).ConfigureAwait(false);
        await WriteOutcomeAsync(context, outcome).ConfigureAwait(false);
    }

    private static async Task ChangeAsync(HttpContext context, string adminClientId, string action, Func<AgentService, string, CancellationToken, Task<AgentOutcome>> change)
    {
        if (await GuardTargetAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var outcome = await change(Service(context), Id(context), context.RequestAborted).ConfigureAwait(false);
        if (outcome.Agent is not null)
        {
            Log.AgentChanged(Logger(context), outcome.Agent.Id, action, adminClientId);
            await AdminAudit.WriteAsync(context, Storage.AuditEventTypes.AdminAgentChanged, adminClientId, action, outcome.Agent.Id).ConfigureAwait(false);
        }

        await WriteOutcomeAsync(context, outcome).ConfigureAwait(false);
    }

    /// <summary>Refuses (and answers) when the target agent is an operator and the caller lacks mandate:admin.</summary>
    internal static async Task<bool> GuardTargetAsync(HttpContext context)
    {
        var target = await Service(context).GetAsync(Id(context), context.RequestAborted).ConfigureAwait(false);
        if (OperatorGuard.CheckTarget(context, target.Agent) is not { } refused)
        {
            return false;
        }

        await refused.ExecuteAsync(context).ConfigureAwait(false);
        return true;
    }

    private static Task WriteOutcomeAsync(HttpContext context, AgentOutcome outcome) => outcome.Error is not null
        ? AdminHttp.WriteErrorAsync(context, outcome.Error)
        : AdminHttp.WriteAsync(context, StatusCodes.Status200OK, AgentResponse.From(outcome.Agent!, outcome.ClientSecret), AdminJsonContext.Default.AgentResponse);

    // POST /admin/agents/{id}/rotate-secret?revoke_tokens=true also revokes every outstanding token of the agent.
    private static bool RevokeTokens(HttpContext context) =>
        string.Equals(context.Request.Query["revoke_tokens"].ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private static string Id(HttpContext context) => context.Request.RouteValues["id"] as string ?? "";

    private static AgentService Service(HttpContext context) => context.RequestServices.GetRequiredService<AgentService>();

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Server.Admin");
}
