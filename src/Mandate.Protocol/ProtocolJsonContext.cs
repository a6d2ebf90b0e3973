// Source-generated readers of the wire documents in Mandate.Protocol (no reflection, trimming-safe).
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Mandate.Protocol.Metadata;

namespace Mandate.Protocol;

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, AllowTrailingCommas = false)]
[JsonSerializable(typeof(AuthorizationServerMetadata))]
[JsonSerializable(typeof(TokenEndpointResponse))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext
{
    /// <summary>Deserializes <paramref name="utf8Json"/>; null for anything that is not a JSON object of the expected shape.</summary>
    public static T? TryRead<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo)
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
