using System.Text.Json.Serialization;
using Mandate.Storage;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>Agent JSON of the admin API (architecture §4); never contains the secret hash.</summary>
internal sealed class AgentResponse
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("client_id")] public required string ClientId { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    [JsonPropertyName("scopes")] public required IReadOnlyList<string> Scopes { get; init; }
    [JsonPropertyName("default_scopes")] public required IReadOnlyList<string> DefaultScopes { get; init; }
    [JsonPropertyName("audiences")] public required IReadOnlyList<string> Audiences { get; init; }
    [JsonPropertyName("grant_types")] public required IReadOnlyList<string> GrantTypes { get; init; }
    [JsonPropertyName("token_lifetime_seconds")] public required long TokenLifetimeSeconds { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; init; }
    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("last_used_at")] public DateTimeOffset? LastUsedAt { get; init; }
    [JsonPropertyName("has_secret")] public required bool HasSecret { get; init; }
    [JsonPropertyName("has_jwks")] public required bool HasJwks { get; init; }

    /// <summary>"required" or "allowed"; absent when the agent follows the server default.</summary>
    [JsonPropertyName("dpop")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Dpop { get; init; }

    /// <summary>Present only in the response that created or rotated it.</summary>
    [JsonPropertyName("client_secret")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    public static AgentResponse From(Agent agent, string? secret = null) => new()
    {
        Id = agent.Id,
        ClientId = agent.ClientId,
        Name = agent.Name,
        Owner = agent.Owner,
        Scopes = agent.AllowedScopes,
        DefaultScopes = agent.DefaultScopes,
        Audiences = agent.AllowedAudiences,
        GrantTypes = agent.AllowedGrantTypes,
        TokenLifetimeSeconds = (long)agent.TokenLifetime.TotalSeconds,
        Status = agent.Status switch
        {
            AgentStatus.Active => "active",
            AgentStatus.Suspended => "suspended",
            _ => "decommissioned",
        },
        ExpiresAt = agent.ExpiresAt,
        CreatedAt = agent.CreatedAt,
        LastUsedAt = agent.LastUsedAt,
        HasSecret = agent.SecretHash is not null,
        HasJwks = agent.Jwks is not null,
        Dpop = agent.Dpop switch { DpopRequirement.Required => "required", DpopRequirement.Allowed => "allowed", _ => null },
        ClientSecret = secret,
    };
}

/// <summary>Signing key JSON of the admin API; public metadata only.</summary>
internal sealed class KeyResponse
{
    [JsonPropertyName("kid")] public required string KeyId { get; init; }
    [JsonPropertyName("alg")] public required string Algorithm { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("activated_at")] public DateTimeOffset? ActivatedAt { get; init; }
    [JsonPropertyName("retired_at")] public DateTimeOffset? RetiredAt { get; init; }

    public static KeyResponse From(SigningKeyRecord record) => new()
    {
        KeyId = record.KeyId,
        Algorithm = record.Algorithm,
        State = record.State.ToString().ToLowerInvariant(),
        CreatedAt = record.CreatedAt,
        ActivatedAt = record.ActivatedAt,
        RetiredAt = record.RetiredAt,
    };
}
