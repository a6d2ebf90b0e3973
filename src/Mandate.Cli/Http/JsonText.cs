using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mandate.Cli.Http;

/// <summary>Small helpers for reading JSON responses without binding them to fixed types.</summary>
internal static class JsonText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads an HTTP body as a JSON object; returns an empty object when it is empty or not an object.</summary>
    public static async Task<JsonElement> ReadObjectOrEmptyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        byte[] body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        JsonElement? element = TryParse(body);
        return element is { ValueKind: JsonValueKind.Object } ? element.Value : Empty();
    }

    /// <summary>Parses <paramref name="utf8"/> into a detached element, or null when it is not JSON.</summary>
    public static JsonElement? TryParse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8);
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An empty JSON object.</summary>
    public static JsonElement Empty() => JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>The string member <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? GetString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The integer member <paramref name="name"/>, or null.</summary>
    public static long? GetInt64(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)
            ? number
            : null;

    /// <summary>The boolean member <paramref name="name"/>, or null.</summary>
    public static bool? GetBoolean(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement value)
        && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    /// <summary>The string-array member <paramref name="name"/> (a single string counts as one item); empty when absent.</summary>
    public static IReadOnlyList<string> GetStrings(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            _ => [],
        };
    }

    /// <summary>A timestamp member: an ISO 8601 string or a NumericDate (seconds since the epoch); null otherwise.</summary>
    public static DateTimeOffset? GetTimestamp(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    /// <summary>Writes <paramref name="element"/> indented.</summary>
    public static string ToIndentedJson(JsonElement element) => JsonSerializer.Serialize(element, Indented);

    /// <summary>Writes <paramref name="node"/> indented.</summary>
    public static string ToIndentedJson(JsonNode node) => node.ToJsonString(Indented);
}
