// The credentials file written by the Mandate server ({"client_id","client_secret","issuer"}) and the exp of a
// subject token. The token response and the RFC 8414 metadata are read with Mandate.Protocol's types.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mandate.Agent;

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
