namespace Mandate.Server.Grants.TokenExchange;

/// <summary>What a subject (an agent) allows others to do with tokens issued about it.</summary>
public sealed class AgentDelegationPolicy
{
    /// <summary>
    /// Client ids that may act for the subject (the outermost <c>act</c> of a new token), in addition to the
    /// chain binding. Null: any agent the chain binding admits.
    /// </summary>
    /// <value>Default: null.</value>
    public IList<string>? AllowedActors { get; set; }

    /// <summary>Lowers <see cref="TokenExchangeOptions.MaxDelegationDepth"/> for this subject; null keeps the server's value.</summary>
    /// <value>Between 1 and 10, or null. Default: null.</value>
    public int? MaxDelegationDepth { get; set; }

    /// <summary>
    /// Client ids that may impersonate the subject: when such a client exchanges a token bound to it without an
    /// <c>actor_token</c>, the new token gets no <c>act</c> of its own (RFC 8693 §1.1 impersonation). Everyone else
    /// always appears in <c>act</c>.
    /// </summary>
    /// <value>Default: empty (nobody impersonates).</value>
    public IList<string> Impersonators { get; set; } = [];
}
