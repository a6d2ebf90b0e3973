using System.Data;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IRateLimitStore"/> over the <c>rate_counters</c> table: one upsert per event, so every process that
/// shares the file counts into the same row. Each call deletes up to <see cref="SweepBatchSize"/> counters whose
/// window has ended, in the same write transaction, so the table stays bounded without a background job.
/// </summary>
public sealed class SqliteRateLimitStore : IRateLimitStore
{
    /// <summary>Most ended counters one call deletes: 100.</summary>
    public const int SweepBatchSize = 100;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database holding <c>rate_counters</c>.</param>
    /// <param name="timeProvider">The clock that decides when a window has ended.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SqliteRateLimitStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async ValueTask<long> IncrementAsync(string key, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        await using (var sweep = connection.CreateCommand())
        {
            sweep.Transaction = transaction;
            sweep.CommandText = "DELETE FROM rate_counters WHERE (key, window_start) IN (SELECT key, window_start FROM rate_counters WHERE window_end <= $now ORDER BY window_end LIMIT $limit);";
            sweep.Parameters.AddWithValue("$now", SqliteValues.ToText(_timeProvider.GetUtcNow()));
            sweep.Parameters.AddWithValue("$limit", SweepBatchSize);
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long count;
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO rate_counters (key, window_start, count, window_end) VALUES ($key, $start, 1, $end)
                ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count;
                """;
            upsert.Parameters.AddWithValue("$key", key);
            upsert.Parameters.AddWithValue("$start", SqliteValues.ToText(windowStart));
            upsert.Parameters.AddWithValue("$end", SqliteValues.ToText(windowEnd));
            count = (long)(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
