namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IRateLimitStore"/> over the <c>rate_counters</c> table: one atomic upsert per event
/// (<c>INSERT ... ON CONFLICT DO UPDATE ... RETURNING</c>), so every node sharing the database counts into the same
/// row. Each call first deletes up to <see cref="SweepBatchSize"/> counters whose window has ended, so the table
/// stays bounded without a background job.
/// </summary>
public sealed class PostgreSqlRateLimitStore : IRateLimitStore
{
    /// <summary>Most ended counters one call deletes: 100.</summary>
    public const int SweepBatchSize = 100;

    private readonly PostgreSqlDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database holding <c>rate_counters</c>.</param>
    /// <param name="timeProvider">The clock that decides when a window has ended.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PostgreSqlRateLimitStore(PostgreSqlDatabase database, TimeProvider timeProvider)
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

        // SKIP LOCKED: concurrent sweepers on other nodes neither wait on nor double-delete the same rows.
        await using (var sweep = _database.Command(
            "DELETE FROM rate_counters WHERE (key, window_start) IN (SELECT key, window_start FROM rate_counters " +
            "WHERE window_end <= $1 ORDER BY window_end LIMIT $2 FOR UPDATE SKIP LOCKED);")
            .With(PostgreSqlValues.ToTicks(_timeProvider.GetUtcNow())).With(SweepBatchSize))
        {
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var upsert = _database.Command(
            "INSERT INTO rate_counters (key, window_start, count, window_end) VALUES ($1, $2, 1, $3) " +
            "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 RETURNING count;")
            .With(key)
            .With(PostgreSqlValues.ToTicks(windowStart))
            .With(PostgreSqlValues.ToTicks(windowEnd));
        return (long)(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
