namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IReplayCache"/> over the <c>replay_entries</c> table (RFC 7523 §3 item 7, RFC 9449 §11.1), shared by
/// every node: an assertion used at one node is refused at every other. The (issuer, jti) primary key decides, so
/// of two concurrent first uses exactly one succeeds.
/// </summary>
/// <remarks>
/// An entry counts as expired from the instant its <c>expiresAt</c> is reached on the injected
/// <see cref="TimeProvider"/>; an expired entry is replaced in the same statement. Each call also deletes up to
/// <see cref="SweepBatchSize"/> expired rows (skipping rows another node holds), so the table stays bounded by the
/// number of live entries without a background job.
/// </remarks>
public sealed class PostgreSqlReplayCache : IReplayCache
{
    /// <summary>Most expired rows one call deletes: 100.</summary>
    public const int SweepBatchSize = 100;

    private readonly PostgreSqlDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the cache.</summary>
    /// <param name="database">The database holding <c>replay_entries</c>.</param>
    /// <param name="timeProvider">The clock that decides expiry.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PostgreSqlReplayCache(PostgreSqlDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Records <paramref name="jti"/> for <paramref name="issuer"/> until <paramref name="expiresAt"/>.</summary>
    /// <returns>True the first time; false when the pair is recorded and not yet expired.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="issuer"/> or <paramref name="jti"/> is null.</exception>
    public async ValueTask<bool> TryAddAsync(string issuer, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(jti);
        var now = PostgreSqlValues.ToTicks(_timeProvider.GetUtcNow());

        await using (var sweep = _database.Command(
            "DELETE FROM replay_entries WHERE ctid IN (SELECT ctid FROM replay_entries WHERE expires_at <= $1 " +
            "ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED);").With(now).With(SweepBatchSize))
        {
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // ON CONFLICT DO UPDATE locks the existing row and re-checks the WHERE: a live entry is left alone (0 rows),
        // an expired one is taken over (1 row), atomically with respect to any other node.
        await using var insert = _database.Command(
            "INSERT INTO replay_entries (issuer, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT (issuer, jti) " +
            "DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE replay_entries.expires_at <= $4;")
            .With(issuer).With(jti).With(PostgreSqlValues.ToTicks(expiresAt)).With(now);
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
