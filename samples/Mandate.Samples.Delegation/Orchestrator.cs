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

    /// <summary>
    /// The token to hand to the sub-agent. With a person's token (from the corporate IdP, a trusted issuer), the
    /// orchestrator exchanges it (RFC 8693): the person stays the subject and the orchestrator becomes the actor.
    /// Without one, the orchestrator's own task is the subject: a client credentials token for the sub-agent.
    /// </summary>
    public async Task<AccessToken> DelegateAsync(string? personToken, CancellationToken cancellationToken)
    {
        var subAgent = new Uri(AgentAudience.For(subAgentId));
        if (personToken is null)
        {
            return await client.GetTokenAsync(new TokenRequestParameters(TaskScopes, subAgent), cancellationToken);
        }

        // RFC 8693 §3: an identity provider's token is a JWT, not a Mandate access token.
        return await client.ExchangeAsync(
            personToken,
            new TokenExchangeRequest { Resource = subAgent, Scope = TaskScopes, SubjectTokenType = TokenTypes.Jwt },
            cancellationToken);
    }
}
