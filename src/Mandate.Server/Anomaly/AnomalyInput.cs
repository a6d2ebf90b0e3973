using Mandate.Storage;

namespace Mandate.Server.Anomaly;

/// <summary>What a rule sees: one committed token request record, the agent it concerns and that agent's monitoring policy.</summary>
/// <param name="Record">A <c>token.issued</c> or <c>token.denied</c> record.</param>
/// <param name="AgentId">The agent the request concerns (authenticated, or named by the claimed client id).</param>
/// <param name="Agent">The agent as stored now, or null when it no longer exists.</param>
/// <param name="Policy">The agent's monitoring policy, or null.</param>
internal readonly record struct AnomalyInput(AuditRecord Record, string AgentId, Agent? Agent, AgentMonitoringPolicy? Policy)
{
    /// <summary>True for a granted request.</summary>
    public bool Issued => Record.Type == AuditEventTypes.TokenIssued;
}
