using Mandate.Protocol;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>
/// <c>out_of_policy</c>: an authenticated agent asked for a scope (<c>invalid_scope</c>, RFC 6749 §5.2) or an
/// audience (<c>invalid_target</c>, RFC 8707 §2) its policy does not allow. The denial record carries what was asked.
/// A request that names no scope (refused because the agent has no default scopes) asked for nothing outside the
/// policy and raises no alert.
/// </summary>
internal sealed class OutOfPolicyRule(IOptions<AnomalyOptions> options) : IAnomalyRule
{
    public ValueTask EvaluateAsync(AnomalyInput input, List<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        var record = input.Record;
        if (input.Issued || record.AgentId is null)
        {
            return ValueTask.CompletedTask;
        }

        if (record.Error == OAuthErrorCodes.InvalidScope && !string.IsNullOrEmpty(record.Scopes))
        {
            var asked = Outside(record.Scopes, input.Agent?.AllowedScopes);
            alerts.Add(AnomalyAlert.For(record, input.AgentId, AnomalyRules.OutOfPolicy, options.Value.OutOfPolicySeverity,
                "The agent asked for scopes outside its policy.", "scope:" + asked, ("requested_scope", asked)));
        }
        else if (record.Error == OAuthErrorCodes.InvalidTarget)
        {
            var asked = Outside(record.Audience, input.Agent?.AllowedAudiences);
            alerts.Add(AnomalyAlert.For(record, input.AgentId, AnomalyRules.OutOfPolicy, options.Value.OutOfPolicySeverity,
                "The agent asked for an audience outside its policy.", "aud:" + asked, ("requested_audience", asked)));
        }

        return ValueTask.CompletedTask;
    }

    // Names only the requested values the policy lacks (all of them when the agent is gone).
    private static string Outside(string? requested, IReadOnlyList<string>? allowed)
    {
        if (string.IsNullOrEmpty(requested))
        {
            return "";
        }

        var outside = new List<string>();
        foreach (var value in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (allowed is null || !allowed.Contains(value, StringComparer.Ordinal))
            {
                outside.Add(value);
            }
        }

        return outside.Count == 0 ? requested : string.Join(' ', outside);
    }
}
