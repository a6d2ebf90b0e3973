using System.Text.Json.Serialization;
using Mandate.Storage;

namespace Mandate.Admin;

/// <summary>Body of <c>POST /admin/registration-tokens</c>.</summary>
internal sealed class CreateInitialAccessTokenRequest
{
    [JsonPropertyName("scopes")] public List<string>? Scopes { get; set; }
    [JsonPropertyName("audiences")] public List<string>? Audiences { get; set; }
    [JsonPropertyName("grant_types")] public List<string>? GrantTypes { get; set; }
    [JsonPropertyName("owner")] public string? Owner { get; set; }
    [JsonPropertyName("expires_in_seconds")] public long? ExpiresInSeconds { get; set; }
    [JsonPropertyName("max_uses")] public int? MaxUses { get; set; }
}

/// <summary>An initial access token in the admin API; <see cref="Token"/> only in the response that created it.</summary>
internal sealed class InitialAccessTokenResponse
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }

    [JsonPropertyName("scopes")] public required IReadOnlyList<string> Scopes { get; init; }
    [JsonPropertyName("audiences")] public required IReadOnlyList<string> Audiences { get; init; }
    [JsonPropertyName("grant_types")] public required IReadOnlyList<string> GrantTypes { get; init; }
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    [JsonPropertyName("expires_at")] public required DateTimeOffset ExpiresAt { get; init; }
    [JsonPropertyName("max_uses")] public int? MaxUses { get; init; }
    [JsonPropertyName("uses")] public required int Uses { get; init; }
    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("created_by")] public string? CreatedBy { get; init; }
    [JsonPropertyName("revoked_at")] public DateTimeOffset? RevokedAt { get; init; }

    public static InitialAccessTokenResponse From(InitialAccessToken token, string? value = null) => new()
    {
        Id = token.Id,
        Token = value,
        Scopes = token.Scopes,
        Audiences = token.Audiences,
        GrantTypes = token.GrantTypes,
        Owner = token.Owner,
        ExpiresAt = token.ExpiresAt,
        MaxUses = token.MaxUses,
        Uses = token.Uses,
        CreatedAt = token.CreatedAt,
        CreatedBy = token.CreatedBy,
        RevokedAt = token.RevokedAt,
    };
}
