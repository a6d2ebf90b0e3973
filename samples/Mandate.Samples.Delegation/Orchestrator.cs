using Mandate.Agent;
using Mandate.Protocol;

namespace Mandate.Samples.Delegation;

/// <summary>
/// The orchestrator agent. It decides which sub-agent does the work and gets a token addressed to that sub-agent
/// (<c>aud = urn:mandate:agent:{sub-agent id}</c>, the chain binding of docs/delegation.md) carrying only the
/// scopes the task needs. The operator allowed this by listing that URI among the orchestrator's audiences.
/// </summary>
internal sealed class Orchestrator(MandateTokenClient client, string subAgentId)
{
    /// <summary>Scopes the delegated task may use at most; the sub-agent can only narrow them.</summary>
    public const string TaskScopes = "tools:read tools:write";

    /// <summary>The token to hand to the sub-agent. Without a person's token, the orchestrator's own task is the
    /// subject: a client credentials token for the sub-agent (the chain starts at the orchestrator).</summary>
    public async Task<AccessToken> DelegateAsync(CancellationToken cancellationToken)
    {
        var subAgent = new Uri(AgentAudience.For(subAgentId));
        return await client.GetTokenAsync(new TokenRequestParameters(TaskScopes, subAgent), cancellationToken);
    }
}
