namespace Mandate.Storage;

/// <summary>
/// A registered agent: a confidential OAuth client with an accountable owner and a narrow policy.
/// Immutable; updates go through <see cref="IAgentStore.UpdateAsync"/> with optimistic concurrency.
/// </summary>
public sealed record Agent
{
    /// <summary>Stable identifier, <c>agt_</c> followed by random base32; also the token's <c>sub</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The OAuth <c>client_id</c>; equals <see cref="Id"/> for agents created by Mandate.</summary>
    public required string ClientId { get; init; }

    /// <summary>Display name chosen by the operator.</summary>
    public required string Name { get; init; }

    /// <summary>The person accountable for this agent (usually an e-mail address), or null.</summary>
    public string? Owner { get; init; }

    /// <summary>Scopes the agent may ever be granted.</summary>
    public IReadOnlyList<string> AllowedScopes { get; init; } = [];

    /// <summary>Scopes granted when a request names none; a subset of <see cref="AllowedScopes"/>.</summary>
    public IReadOnlyList<string> DefaultScopes { get; init; } = [];

    /// <summary>Absolute URIs of the APIs (RFC 8707 resources) the agent may get tokens for.</summary>
    public IReadOnlyList<string> AllowedAudiences { get; init; } = [];

    /// <summary>Grant types the agent may use.</summary>
    public IReadOnlyList<string> AllowedGrantTypes { get; init; } = ["client_credentials"];

    /// <summary>Lifetime of the agent's access tokens, before the server's maximum caps it.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifecycle state.</summary>
    public AgentStatus Status { get; init; } = AgentStatus.Active;

    /// <summary>When the agent itself stops being valid, or null for no expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the agent was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last successful token request (recorded in batches, so it may lag by seconds).</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Keyed hash of the client secret; null for agents that authenticate by key only.</summary>
    public byte[]? SecretHash { get; init; }

    /// <summary>Registered public JWK Set (JSON) for <c>private_key_jwt</c>, or null.</summary>
    public string? Jwks { get; init; }

    /// <summary>Whether this agent must use DPoP (RFC 9449) at the token endpoint; null follows the server default.</summary>
    public DpopRequirement? Dpop { get; init; }

    /// <summary>Optimistic-concurrency version; the store increments it on each update.</summary>
    public long Version { get; init; }
}
