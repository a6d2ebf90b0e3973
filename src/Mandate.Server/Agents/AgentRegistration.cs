using Mandate.Storage;

namespace Mandate.Server.Agents;

/// <summary>What an operator asks for when registering an agent (admin API <c>POST /admin/agents</c>).</summary>
internal sealed record AgentRegistration
{
    public string? Name { get; init; }
    public string? Owner { get; init; }
    public IReadOnlyList<string>? Scopes { get; init; }
    public IReadOnlyList<string>? DefaultScopes { get; init; }
    public IReadOnlyList<string>? Audiences { get; init; }
    public int? TokenLifetimeSeconds { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public IReadOnlyList<string>? GrantTypes { get; init; }

    /// <summary>Public JWK Set JSON for <c>private_key_jwt</c>; when set, no client secret is issued.</summary>
    public string? Jwks { get; init; }

    /// <summary>Whether the agent must use DPoP (RFC 9449); null follows the server default.</summary>
    public DpopRequirement? Dpop { get; init; }
}
