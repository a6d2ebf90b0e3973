using System.Data;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IReplayCache"/> over the <c>replay_entries</c> table (RFC 7523 §3 item 7, RFC 9449 §11.1).
/// Single use holds across every process that shares the file, because the (issuer, jti) primary key
/// decides: of two concurrent inserts exactly one succeeds.
/// </summary>
/// <remarks>
/// An entry counts as expired from the instant its <c>expiresAt</c> is reached on the injected
/// <see cref="TimeProvider"/>. Each call deletes up to <see cref="SweepBatchSize"/> expired rows, so
/// the table stays bounded by the number of live entries without a background job.
/// </remarks>
public sealed class SqliteReplayCache : IReplayCache
{
    /// <summary>Most expired rows one call deletes: 100.</summary>
    public const int SweepBatchSize = 100;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the cache.</summary>
    /// <param name="database">The database holding <c>replay_entries</c>.</param>
    /// <param name="timeProvider">The clock that decides expiry.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SqliteReplayCache(SqliteDatabase database, TimeProvider timeProvider)
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
        var now = SqliteValues.ToText(_timeProvider.GetUtcNow());

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One write transaction: the sweep, the expired-pair delete and the insert cost one fsync.
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);

        await ExecuteAsync(
            connection, transaction,
            "DELETE FROM replay_entries WHERE issuer = $issuer AND jti = $jti AND expires_at <= $now;",
            cancellationToken, ("$issuer", issuer), ("$jti", jti), ("$now", now)).ConfigureAwait(false);
        await ExecuteAsync(
            connection, transaction,
            "DELETE FROM replay_entries WHERE rowid IN (SELECT rowid FROM replay_entries " +
            "WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit);",
            cancellationToken, ("$now", now), ("$limit", SweepBatchSize)).ConfigureAwait(false);
        var inserted = await ExecuteAsync(
            connection, transaction,
            "INSERT INTO replay_entries (issuer, jti, expires_at) VALUES ($issuer, $jti, $expires_at) " +
            "ON CONFLICT (issuer, jti) DO NOTHING;",
            cancellationToken,
            ("$issuer", issuer), ("$jti", jti), ("$expires_at", SqliteValues.ToText(expiresAt))).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
