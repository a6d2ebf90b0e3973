using Mandate.Protocol;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>
/// <c>inactive_agent</c>: any token request naming a suspended or decommissioned agent, whatever the
/// credentials (a wrong secret for a suspended agent is an attempt too).
/// </summary>
internal sealed class InactiveAgentRule(IOptions<AnomalyOptions> options) : IAnomalyRule
{
    public ValueTask EvaluateAsync(AnomalyInput input, List<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        if (!input.Issued && input.Record.Error == OAuthErrorCodes.InvalidClient
            && input.Agent is { Status: AgentStatus.Suspended or AgentStatus.Decommissioned } agent)
        {
            var status = agent.Status == AgentStatus.Suspended ? "suspended" : "decommissioned";
            alerts.Add(AnomalyAlert.For(input.Record, input.AgentId, AnomalyRules.InactiveAgent, options.Value.InactiveAgentSeverity,
                "A " + status + " agent requested a token.", status, ("status", status)));
        }

        return ValueTask.CompletedTask;
    }
}
