// Admin API, per-agent anomaly-monitoring policy:
//   GET /admin/agents/{id}/monitoring -> 200 policy (empty when never set) | 404
//   PUT /admin/agents/{id}/monitoring {allowed_hours, time_zone, allowed_cidrs, allowed_hours_mode, allowed_cidrs_mode,
//       tokens_per_minute, tokens_per_day, max_token_families, auto_suspend} -> 200 policy (with live_token_families,
//       the agent's live refresh-token families now) | 400 | 404. A mode is "enforce" (default: the
//       token endpoint refuses) or "alert"; a limit is null (none) or a positive count of token requests.
// Every PUT is an admin.agent audit record naming the new policy.
using System.Globalization;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminMonitoringEndpoints
{
    private const int MaxCidrs = 100;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        AdminRoutes.Get(endpoints, "/admin/agents/{id}/monitoring", MandateScopes.AdminRead, GetAsync);
        AdminRoutes.Put(endpoints, "/admin/agents/{id}/monitoring", MandateScopes.AdminAgents, PutAsync);
    }

    private static async Task GetAsync(HttpContext context, string adminClientId)
    {
        var agent = await FindAgentAsync(context).ConfigureAwait(false);
        if (agent is null)
        {
            await AdminHttp.WriteErrorAsync(context, AgentError.NotFound).ConfigureAwait(false);
            return;
        }

        var policy = await context.RequestServices.GetRequiredService<MonitoringPolicyCache>().GetAsync(agent.Id, context.RequestAborted).ConfigureAwait(false);
        var live = await LiveFamiliesAsync(context, agent).ConfigureAwait(false);
        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, MonitoringPolicyResponse.From(agent.Id, policy, live), MonitoringJsonContext.Default.MonitoringPolicyResponse).ConfigureAwait(false);
    }

    private static async Task PutAsync(HttpContext context, string adminClientId)
    {
        if (await AdminAgentEndpoints.GuardTargetAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var (request, failure) = await AdminHttp.ReadAsync(context, MonitoringJsonContext.Default.MonitoringPolicyRequest).ConfigureAwait(false);
        if (request is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var agent = await FindAgentAsync(context).ConfigureAwait(false);
        if (agent is null)
        {
            await AdminHttp.WriteErrorAsync(context, AgentError.NotFound).ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        if (Validate(request, agent.Id, services.GetRequiredService<TimeProvider>().GetUtcNow(), out var policy) is { } error)
        {
            await AdminHttp.Invalid(error).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await services.GetRequiredService<MonitoringPolicyCache>().SetAsync(policy!, context.RequestAborted).ConfigureAwait(false);
        var response = MonitoringPolicyResponse.From(agent.Id, policy, await LiveFamiliesAsync(context, agent).ConfigureAwait(false));
        AnomalyLog.PolicyChanged(services.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Server.Admin"), agent.Id, adminClientId);
        await AdminAudit.WriteAsync(context, AuditEventTypes.AdminAgentChanged, adminClientId, Describe(response), agent.Id).ConfigureAwait(false);
        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, response, MonitoringJsonContext.Default.MonitoringPolicyResponse).ConfigureAwait(false);
    }

    /// <summary>Returns an error description (MND2630–MND2633, MND2712, MND2713, MND3121), or null with the policy to store.</summary>
    internal static string? Validate(MonitoringPolicyRequest request, string agentId, DateTimeOffset now, out AgentMonitoringPolicy? policy)
    {
        policy = null;
        int? start = null, end = null;
        if (request.AllowedHours is { } hours)
        {
            var parts = hours.Split('-');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var e)
                || s > 23 || e is < 1 or > 24 || s == e)
            {
                return "MND2630: allowed_hours must be HH-HH with a start of 00-23, an end of 01-24 and start != end.";
            }

            (start, end) = (s, e);
        }

        if (!MonitoringPolicyRules.TryFindZone(request.TimeZone, out _))
        {
            return "MND2631: time_zone must be an IANA time zone id, e.g. Europe/Paris.";
        }

        var cidrs = request.AllowedCidrs ?? [];
        if (cidrs.Count > MaxCidrs)
        {
            return "MND2632: allowed_cidrs holds at most 100 blocks.";
        }

        foreach (var cidr in cidrs)
        {
            if (cidr is null || !cidr.Contains('/', StringComparison.Ordinal) || !MonitoringPolicyRules.TryParseCidr(cidr, out _))
            {
                return "MND2633: every allowed_cidrs entry must be a CIDR block with zero host bits, e.g. 10.0.0.0/8.";
            }
        }

        if (!MonitoringPolicyResponse.TryParseMode(request.AllowedHoursMode, out var hoursMode)
            || !MonitoringPolicyResponse.TryParseMode(request.AllowedCidrsMode, out var networksMode))
        {
            return "MND2712: allowed_hours_mode and allowed_cidrs_mode must be \"enforce\" or \"alert\".";
        }

        if (request.TokensPerMinute is < 1 or > 1_000_000 || request.TokensPerDay is < 1 or > 100_000_000)
        {
            return "MND2713: tokens_per_minute must be 1 to 1,000,000 and tokens_per_day 1 to 100,000,000 (or null for no limit).";
        }

        if (request.MaxTokenFamilies is < 0 or > 1_000_000)
        {
            return "MND3121: max_token_families must be 0 to 1,000,000 (0 or null for no limit).";
        }

        policy = new AgentMonitoringPolicy
        {
            AgentId = agentId,
            AllowedHoursStart = start,
            AllowedHoursEnd = end,
            TimeZone = request.TimeZone,
            AllowedCidrs = [.. cidrs],
            HoursMode = hoursMode,
            NetworksMode = networksMode,
            TokensPerMinute = request.TokensPerMinute,
            TokensPerDay = request.TokensPerDay,
            MaxTokenFamilies = request.MaxTokenFamilies is > 0 ? request.MaxTokenFamilies : null,
            AutoSuspend = request.AutoSuspend,
            UpdatedAt = now,
        };
        return null;
    }

    private static string Describe(MonitoringPolicyResponse policy) =>
        "monitoring policy set: hours=" + (policy.AllowedHours ?? "any") + " zone=" + (policy.TimeZone ?? "UTC")
        + " cidrs=" + (policy.AllowedCidrs.Count == 0 ? "any" : string.Join(',', policy.AllowedCidrs))
        + " hours_mode=" + policy.AllowedHoursMode + " cidrs_mode=" + policy.AllowedCidrsMode
        + " tokens_per_minute=" + Limit(policy.TokensPerMinute) + " tokens_per_day=" + Limit(policy.TokensPerDay)
        + " max_token_families=" + Limit(policy.MaxTokenFamilies)
        + " auto_suspend=" + (policy.AutoSuspend ? "on" : "off");

    private static ValueTask<int> LiveFamiliesAsync(HttpContext context, Agent agent) =>
        context.RequestServices.GetRequiredService<IRefreshTokenStore>().CountLiveFamiliesAsync(
            agent.ClientId, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), context.RequestAborted);

    private static string Limit(int? limit) => limit?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static async Task<Agent?> FindAgentAsync(HttpContext context) =>
        context.Request.RouteValues["id"] is string id
            ? await context.RequestServices.GetRequiredService<IAgentStore>().FindAsync(id, context.RequestAborted).ConfigureAwait(false)
            : null;
}
