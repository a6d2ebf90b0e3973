// RFC 6749 §5.1 token response, RFC 6749 §5.2 error response, RFC 8414 §2 metadata, and the
// credentials file written by the Mandate server: {"client_id","client_secret","issuer"}.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mandate.Agent;

internal sealed class TokenResponseJson
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("token_type")] public string? TokenType { get; set; }
    [JsonPropertyName("expires_in")] public double? ExpiresIn { get; set; }
    [JsonPropertyName("scope")] public string? Scope { get; set; }
    [JsonPropertyName("issued_token_type")] public string? IssuedTokenType { get; set; }
}

internal sealed class ErrorResponseJson
{
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
}

internal sealed class ServerMetadataJson
{
    [JsonPropertyName("issuer")] public string? Issuer { get; set; }
    [JsonPropertyName("token_endpoint")] public string? TokenEndpoint { get; set; }
}

internal sealed class CredentialsFileJson
{
    [JsonPropertyName("client_id")] public string? ClientId { get; set; }
    [JsonPropertyName("client_secret")] public string? ClientSecret { get; set; }
    [JsonPropertyName("issuer")] public string? Issuer { get; set; }
}

internal sealed class JwtExpiryJson
{
    [JsonPropertyName("exp")] public double? ExpirationTime { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, AllowTrailingCommas = false)]
[JsonSerializable(typeof(TokenResponseJson))]
[JsonSerializable(typeof(ErrorResponseJson))]
[JsonSerializable(typeof(ServerMetadataJson))]
[JsonSerializable(typeof(CredentialsFileJson))]
[JsonSerializable(typeof(JwtExpiryJson))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
    /// <summary>Deserializes <paramref name="utf8Json"/>; <see langword="null"/> for anything that is not
    /// a JSON object of the expected shape (HTML error pages, truncated bodies, wrong member types).</summary>
    public static T? TryRead<T>(ReadOnlySpan<byte> utf8Json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
