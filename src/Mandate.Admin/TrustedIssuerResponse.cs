using System.Text.Json;
using System.Text.Json.Serialization;
using Mandate.Storage;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>One trusted issuer as the admin API returns it (public keys only, never secrets).</summary>
internal sealed class TrustedIssuerResponse
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("issuer")] public required string Issuer { get; init; }
    [JsonPropertyName("jwks_uri")] public string? JwksUri { get; init; }
    [JsonPropertyName("jwks")] public JsonElement? Jwks { get; init; }
    [JsonPropertyName("audiences")] public required IReadOnlyList<string> Audiences { get; init; }
    [JsonPropertyName("subject_claim")] public required string SubjectClaim { get; init; }
    [JsonPropertyName("maps_to_agent")] public string? MapsToAgent { get; init; }
    [JsonPropertyName("allowed_subjects")] public required IReadOnlyList<string> AllowedSubjects { get; init; }
    [JsonPropertyName("scopes")] public required IReadOnlyList<string> Scopes { get; init; }
    [JsonPropertyName("max_token_lifetime_seconds")] public required long MaxTokenLifetimeSeconds { get; init; }
    [JsonPropertyName("max_assertion_lifetime_seconds")] public required long MaxAssertionLifetimeSeconds { get; init; }
    [JsonPropertyName("require_jti")] public required bool RequireJti { get; init; }
    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }

    public static TrustedIssuerResponse From(TrustedIssuer issuer, IReadOnlyList<string> defaultAudiences) => new()
    {
        Name = issuer.Name,
        Issuer = issuer.Issuer,
        JwksUri = issuer.JwksUri,
        Jwks = issuer.Jwks is null ? null : ParseJwks(issuer.Jwks),
        Audiences = issuer.Audiences.Count > 0 ? issuer.Audiences : defaultAudiences,
        SubjectClaim = issuer.SubjectClaim,
        MapsToAgent = issuer.MapsToAgentId,
        AllowedSubjects = issuer.AllowedSubjects,
        Scopes = issuer.GrantableScopes,
        MaxTokenLifetimeSeconds = (long)issuer.MaxTokenLifetime.TotalSeconds,
        MaxAssertionLifetimeSeconds = (long)issuer.MaxAssertionLifetime.TotalSeconds,
        RequireJti = issuer.RequireJwtId,
        CreatedAt = issuer.CreatedAt,
    };

    private static JsonElement ParseJwks(string jwks)
    {
        using var document = JsonDocument.Parse(jwks);
        return document.RootElement.Clone();
    }
}
