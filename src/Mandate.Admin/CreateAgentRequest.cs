using System.Text.Json;
using System.Text.Json.Serialization;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>Body of <c>POST /admin/agents</c> (architecture §4).</summary>
internal sealed class CreateAgentRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("owner")] public string? Owner { get; set; }
    [JsonPropertyName("scopes")] public List<string>? Scopes { get; set; }
    [JsonPropertyName("default_scopes")] public List<string>? DefaultScopes { get; set; }
    [JsonPropertyName("audiences")] public List<string>? Audiences { get; set; }
    [JsonPropertyName("token_lifetime_seconds")] public int? TokenLifetimeSeconds { get; set; }
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }
    [JsonPropertyName("grant_types")] public List<string>? GrantTypes { get; set; }

    /// <summary>A JWK Set object; kept as raw JSON.</summary>
    [JsonPropertyName("jwks")] public JsonElement? Jwks { get; set; }

    /// <summary>"required" or "allowed" (RFC 9449 at the token endpoint); absent follows the server default.</summary>
    [JsonPropertyName("dpop")] public string? Dpop { get; set; }
}

/// <summary>Body of <c>POST /admin/keys</c>.</summary>
internal sealed class ImportKeyRequest
{
    /// <summary>The private JWK object.</summary>
    [JsonPropertyName("jwk")] public JsonElement? Jwk { get; set; }
    [JsonPropertyName("activate")] public bool Activate { get; set; }
}
