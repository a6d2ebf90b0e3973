using System.Globalization;
using System.Text.Json;

namespace Mandate.Storage.Sqlite;

/// <summary>Conversions between contract values and their column representation.</summary>
internal static class SqliteValues
{
    // Fixed width, always UTC, 100 ns precision: lossless for DateTimeOffset, and ordinal text order
    // equals time order, so ORDER BY, min/max and range deletes work on the text directly.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Formats an instant as UTC ISO-8601 text.</summary>
    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Formats an optional instant, mapping null to <see cref="DBNull"/>.</summary>
    public static object ToDbValue(DateTimeOffset? value) => value is { } v ? ToText(v) : DBNull.Value;

    /// <summary>Parses text written by <see cref="ToText"/>; the result has offset zero.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(
            text, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Serialises a list of strings as a JSON array.</summary>
    public static string ToJson(IReadOnlyList<string> values) =>
        JsonSerializer.Serialize(values.ToArray(), SqliteJsonContext.Default.StringArray);

    /// <summary>Parses a JSON array of strings written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The column does not hold a JSON array of strings.</exception>
    public static IReadOnlyList<string> ParseList(string json) =>
        JsonSerializer.Deserialize(json, SqliteJsonContext.Default.StringArray)
        ?? throw new InvalidDataException("A list column holds JSON null instead of an array.");

    /// <summary>Maps a null reference to <see cref="DBNull"/>.</summary>
    public static object OrDbNull(object? value) => value ?? DBNull.Value;
}
