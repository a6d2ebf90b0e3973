// RFC 7517 §5 (JWK Set): a "keys" array; §5 also says keys with unsupported or unusable
// members SHOULD be ignored, so such keys are skipped while JSON errors reject the whole set.
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Mandate.Jose.Jwk;

/// <summary>An immutable JWK Set.</summary>
public sealed class JsonWebKeySet
{
    /// <summary>Creates a set from keys, in order.</summary>
    /// <param name="keys">The keys; may be empty.</param>
    public JsonWebKeySet(IEnumerable<JsonWebKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = [.. keys];
    }

    /// <summary>The keys, in document order.</summary>
    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>Parses a JWK Set document.</summary>
    /// <param name="utf8Json">The JSON object with a <c>keys</c> array.</param>
    /// <param name="set">The set; <see langword="null"/> on failure.</param>
    /// <param name="error">
    /// <see cref="JoseErrorCode.InvalidJson"/> or <see cref="JoseErrorCode.DuplicateJsonMember"/> (anywhere in the document);
    /// <see cref="JoseErrorCode.Malformed"/> when <c>keys</c> is missing or not an array. Individual keys that
    /// cannot be read are skipped, not reported.
    /// </param>
    /// <returns><see langword="true"/> when the set was read.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out JsonWebKeySet? set, out JoseErrorCode error)
    {
        set = null;
        error = StrictJson.CheckObject(utf8Json);
        if (error != JoseErrorCode.None)
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8Json, StrictJson.ReaderOptions);
        JsonElement root = JsonElement.ParseValue(ref reader);
        if (!root.TryGetProperty("keys"u8, out JsonElement keys) || keys.ValueKind != JsonValueKind.Array)
        {
            error = JoseErrorCode.Malformed;
            return false;
        }

        var list = new List<JsonWebKey>(keys.GetArrayLength());
        foreach (JsonElement element in keys.EnumerateArray())
        {
            if (JsonWebKeyReader.TryRead(element, out JsonWebKey? key, out _))
            {
                list.Add(key);
            }
        }

        set = new JsonWebKeySet(list);
        return true;
    }

    /// <summary>Parses a JWK Set document from a string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="set">The set; <see langword="null"/> on failure.</param>
    /// <param name="error">As for the UTF-8 overload.</param>
    /// <returns><see langword="true"/> when the set was read.</returns>
    public static bool TryParse(string json, [NotNullWhen(true)] out JsonWebKeySet? set, out JoseErrorCode error)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParse(System.Text.Encoding.UTF8.GetBytes(json), out set, out error);
    }

    /// <summary>Serializes the set as <c>{"keys":[...]}</c>. Keys are written as given, so callers publish public keys only.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, StrictJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys"u8);
            foreach (JsonWebKey key in Keys)
            {
                key.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
