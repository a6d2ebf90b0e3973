using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>Conversions between contract values and their column representation, and parameter helpers.</summary>
/// <remarks>
/// Instants are stored as <c>bigint</c> UTC ticks (100 ns since 0001-01-01), not <c>timestamptz</c>: the store
/// contracts round-trip <see cref="DateTimeOffset"/> to the tick, and <c>timestamptz</c> keeps only microseconds.
/// Migration 1 defines <c>mandate_time(bigint)</c>, which turns such a column into a <c>timestamptz</c> for
/// ad-hoc queries (<c>SELECT mandate_time(created_at) FROM agents</c>).
/// </remarks>
internal static class PostgreSqlValues
{
    /// <summary>The UTC ticks of an instant.</summary>
    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    /// <summary>The instant of stored UTC ticks, with offset zero.</summary>
    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>Reads an optional instant column.</summary>
    public static DateTimeOffset? ReadTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromTicks(reader.GetInt64(ordinal));

    /// <summary>Reads an optional text column.</summary>
    public static string? ReadText(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a <c>text[]</c> column.</summary>
    public static IReadOnlyList<string> ReadList(NpgsqlDataReader reader, int ordinal) =>
        reader.GetFieldValue<string[]>(ordinal);

    /// <summary>A list as the array Npgsql binds to <c>text[]</c>.</summary>
    public static string[] ToArray(IReadOnlyList<string> values) => values as string[] ?? [.. values];

    /// <summary>Appends an optional instant as a <c>bigint</c> parameter (typed even when null, so it also binds
    /// inside <c>INSERT … SELECT</c>).</summary>
    public static NpgsqlCommand WithTime(this NpgsqlCommand command, DateTimeOffset? value)
    {
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint,
            Value = value is { } v ? v.UtcTicks : DBNull.Value,
        });
        return command;
    }

    /// <summary>Appends a positional parameter (<c>$n</c>, in call order); null becomes <see cref="DBNull"/>.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
