namespace Mandate.Server.Grants.TokenExchange;

/// <summary>
/// Delegation policy of the RFC 8693 token exchange grant. Validated at start-up. Configure with
/// <c>services.Configure&lt;TokenExchangeOptions&gt;(...)</c> or the <c>Mandate:TokenExchange</c> configuration section.
/// </summary>
public sealed class TokenExchangeOptions
{
    /// <summary>
    /// The most actors an issued token's <c>act</c> chain may hold (RFC 8693 §4.1 nesting depth). An exchange that
    /// would exceed it is refused with <c>invalid_request</c>. A per-agent <see cref="AgentDelegationPolicy.MaxDelegationDepth"/>
    /// can only lower it.
    /// </summary>
    /// <value>Between 1 and 10. Default: 3.</value>
    public int MaxDelegationDepth { get; set; } = 3;

    /// <summary>
    /// Per-subject delegation policies, keyed by the subject's <c>sub</c> (an agent id). A subject without an entry
    /// may be acted for by any agent the chain binding admits, up to <see cref="MaxDelegationDepth"/>, and never
    /// impersonated.
    /// </summary>
    /// <value>Default: empty.</value>
    public IDictionary<string, AgentDelegationPolicy> Policies { get; } = new Dictionary<string, AgentDelegationPolicy>(StringComparer.Ordinal);
}
