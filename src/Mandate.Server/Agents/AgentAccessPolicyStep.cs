// Token endpoint step: the agent's access policy (allowed hours in its time zone, allowed networks as CIDR
// blocks), checked after client authentication and before the grant handler. Each rule is enforced or alert
// only (PolicyRuleMode); an alert-only rule is left to the anomaly rules (HoursRule, NetworkRule), which also
// see the denial record of an enforced one and raise their alert from it.
// Fails closed: with an allow-list enforced, a request whose address is unknown is refused, and so is one
// whose policy names a time zone this node does not know.
using System.Net;
using Mandate.Protocol;
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Agents;

internal sealed class AgentAccessPolicyStep(MonitoringPolicyCache policies, TimeProvider timeProvider)
{
    /// <summary>Null when the policy lets <paramref name="agentId"/> obtain a token now from this request's address; else the error and its audit reason.</summary>
    public async ValueTask<(OAuthError Error, string Reason)?> CheckAsync(string agentId, HttpContext context, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(agentId, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            return null;
        }

        if (policy.HoursMode == PolicyRuleMode.Enforce && !IsWithinHours(policy, timeProvider.GetUtcNow()))
        {
            return (AgentAccessErrors.OutsideAllowedHours, AgentAccessErrors.OutsideAllowedHoursReason);
        }

        if (policy.NetworksMode == PolicyRuleMode.Enforce && !IsAllowedNetwork(policy, context.Connection.RemoteIpAddress))
        {
            return (AgentAccessErrors.NetworkNotAllowed, AgentAccessErrors.NetworkNotAllowedReason);
        }

        return null;
    }

    /// <summary>True when the policy names no hours, or <paramref name="now"/> falls in them in the policy's time zone.</summary>
    internal static bool IsWithinHours(AgentMonitoringPolicy policy, DateTimeOffset now)
    {
        if (policy is not { AllowedHoursStart: { } start, AllowedHoursEnd: { } end })
        {
            return true;
        }

        return MonitoringPolicyRules.TryFindZone(policy.TimeZone, out var zone)
            && MonitoringPolicyRules.IsWithinHours(TimeZoneInfo.ConvertTime(now, zone).Hour, start, end);
    }

    /// <summary>True when the policy names no networks, or <paramref name="remote"/> is in one of them (IPv4-mapped IPv6 counts as IPv4).</summary>
    internal static bool IsAllowedNetwork(AgentMonitoringPolicy policy, IPAddress? remote)
    {
        if (policy.AllowedCidrs.Count == 0)
        {
            return true;
        }

        if (remote is null)
        {
            return false;
        }

        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        foreach (var cidr in policy.AllowedCidrs)
        {
            if (MonitoringPolicyRules.TryParseCidr(cidr, out var block) && block.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
