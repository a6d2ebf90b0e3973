using System.Text.Json;
using System.Text.Json.Serialization;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>POST /admin/trusted-issuers body (docs/delegation.md "Trusted issuers").</summary>
internal sealed class TrustedIssuerRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("issuer")] public string? Issuer { get; set; }
    [JsonPropertyName("jwks_uri")] public string? JwksUri { get; set; }
    [JsonPropertyName("jwks")] public JsonElement? Jwks { get; set; }
    [JsonPropertyName("audiences")] public List<string>? Audiences { get; set; }
    [JsonPropertyName("subject_claim")] public string? SubjectClaim { get; set; }
    [JsonPropertyName("maps_to_agent")] public string? MapsToAgent { get; set; }
    [JsonPropertyName("allowed_subjects")] public List<string>? AllowedSubjects { get; set; }
    [JsonPropertyName("scopes")] public List<string>? Scopes { get; set; }
    [JsonPropertyName("max_token_lifetime_seconds")] public int? MaxTokenLifetimeSeconds { get; set; }
    [JsonPropertyName("max_assertion_lifetime_seconds")] public int? MaxAssertionLifetimeSeconds { get; set; }
    [JsonPropertyName("require_jti")] public bool? RequireJti { get; set; }
}
