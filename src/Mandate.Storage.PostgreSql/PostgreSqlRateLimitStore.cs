namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IRateLimitStore"/> over the <c>rate_counters</c> table: fixed-window counters shared by every node on the
/// database. One upsert counts (the row lock makes concurrent increments from several nodes serialise); windows that
/// have ended are deleted a batch at a time by the callers that pass by.
/// </summary>
public sealed class PostgreSqlRateLimitStore : IRateLimitStore
{
    /// <summary>Most ended windows one call deletes.</summary>
    public const int SweepBatchSize = 100;

    private readonly PostgreSqlDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> or <paramref name="timeProvider"/> is null.</exception>
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
        await using (var sweep = _database.Command(
            "DELETE FROM rate_counters WHERE ctid IN (SELECT ctid FROM rate_counters WHERE window_end <= $1 " +
            "ORDER BY window_end LIMIT $2 FOR UPDATE SKIP LOCKED);")
            .With(PostgreSqlValues.ToTicks(_timeProvider.GetUtcNow())).With(SweepBatchSize))
        {
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var upsert = _database.Command(
            "INSERT INTO rate_counters (key, window_start, count, window_end) VALUES ($1, $2, 1, $3) " +
            "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 RETURNING count;")
            .With(key).With(PostgreSqlValues.ToTicks(windowStart)).With(PostgreSqlValues.ToTicks(windowEnd));
        return (long)(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
