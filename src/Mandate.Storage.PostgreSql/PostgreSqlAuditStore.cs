using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// <see cref="IAuditStore"/> over the <c>audit_records</c> table. One <see cref="AppendAsync"/> call is one
/// transaction: the batch is written with a binary <c>COPY</c> and committed with <c>synchronous_commit = on</c>
/// (set on the transaction, whatever the server default), so when it returns the batch is in PostgreSQL's flushed
/// WAL and survives a crash of any Mandate node or of PostgreSQL itself.
/// </summary>
/// <remarks>
/// Appenders on every node take a transaction-scoped advisory lock before writing, so ids are assigned in commit
/// order: a reader that pages with <see cref="AuditQuery.AfterId"/> never skips a record that commits later with
/// a smaller id. The lock is held for one COPY and one commit per batch.
/// <para>
/// The table is partitioned by month of <c>timestamp</c> (<c>audit_records_pYYYYMM</c>, plus a default partition for
/// anything not yet covered). An append whose records fall outside the months this store already made sure of creates
/// their month partitions and the next month's ahead, in the same transaction and under the same lock;
/// <see cref="DeleteBeforeAsync"/> drops the months that ended at or before the cutoff and deletes the older rows of
/// the others.
/// </para>
/// </remarks>
public sealed class PostgreSqlAuditStore : IAuditStore
{
    private const string Columns =
        "timestamp, type, agent_id, client_id, grant_type, error, reason, jti, kid, scopes, " +
        "audience, lifetime_seconds, client_address, user_agent, trace_id, span_id, details";

    // Second key of the audit append lock (the first is PostgreSqlMigrations.AdvisoryLockKey): "AUDT".
    private const int AppendLockKey = 0x41554454;

    private readonly PostgreSqlDatabase _database;

    // The timestamps [_coveredSince, _coveredUntil) have month partitions (made sure of by this instance).
    private long _coveredSince = long.MaxValue;
    private long _coveredUntil = long.MinValue;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database holding <c>audit_records</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlAuditStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var prepare = new NpgsqlCommand(
            "SELECT set_config('synchronous_commit', 'on', true), pg_advisory_xact_lock($1, $2);", connection, transaction))
        {
            prepare.Parameters.Add(new NpgsqlParameter { Value = PostgreSqlMigrations.AdvisoryLockKey });
            prepare.Parameters.Add(new NpgsqlParameter { Value = AppendLockKey });
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await EnsurePartitionsAsync(connection, transaction, records, cancellationToken).ConfigureAwait(false);

        await using (var writer = await connection.BeginBinaryImportAsync(
            $"COPY audit_records ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in records)
            {
                await WriteAsync(writer, record, cancellationToken).ConfigureAwait(false);
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        AuditQueryRules.ThrowIfInvalid(query);
        var sql = new StringBuilder("SELECT id, ").Append(Columns).Append(" FROM audit_records WHERE true");
        var values = new List<object>();
        if (query.Agent is { } agent)
        {
            values.Add(agent);
            // The second term names the partial index's condition, so it is searched instead of the table.
            sql.Append(" AND (agent_id = $1 OR (client_id = $1 AND client_id IS DISTINCT FROM agent_id))");
        }

        if (query.Since is { } since)
        {
            values.Add(PostgreSqlValues.ToTicks(since));
            sql.Append(" AND timestamp >= $").Append(values.Count);
        }

        if (query.Until is { } until)
        {
            values.Add(PostgreSqlValues.ToTicks(until));
            sql.Append(" AND timestamp < $").Append(values.Count);
        }

        if (query.AfterId is { } afterId)
        {
            values.Add(afterId);
            sql.Append(" AND id > $").Append(values.Count);
        }

        if (query.BeforeId is { } beforeId)
        {
            values.Add(beforeId);
            sql.Append(" AND id < $").Append(values.Count);
        }

        if (query.Type is { } type)
        {
            values.Add(type);
            // A trailing dot selects a family; left() keeps LIKE wildcards in the value harmless.
            sql.Append(type.EndsWith('.') ? " AND left(type, length($N)) = $N" : " AND type = $N")
                .Replace("$N", "$" + values.Count);
        }

        values.Add(query.Limit);
        sql.Append(query.NewestFirst ? " ORDER BY id DESC LIMIT $" : " ORDER BY id LIMIT $").Append(values.Count).Append(';');

        await using var command = _database.Command(sql.ToString());
        foreach (var value in values)
        {
            command.With(value);
        }

        var result = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    /// <inheritdoc />
    /// <remarks>Whole months that ended at or before <paramref name="cutoff"/> are dropped (<c>DROP TABLE</c>, their
    /// rows counted first); the older rows of the remaining partitions are deleted. One transaction.</remarks>
    public async ValueTask<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var ticks = PostgreSqlValues.ToTicks(cutoff);
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long dropped;
        await using (var drop = new NpgsqlCommand("SELECT mandate_drop_audit_partitions($1);", connection, transaction))
        {
            drop.Parameters.Add(new NpgsqlParameter { Value = ticks });
            dropped = (long)(await drop.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        int deleted;
        await using (var delete = new NpgsqlCommand("DELETE FROM audit_records WHERE timestamp < $1;", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = ticks });
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return checked((int)dropped + deleted);
    }

    private async Task EnsurePartitionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var first = long.MaxValue;
        var last = long.MinValue;
        foreach (var record in records)
        {
            var ticks = PostgreSqlValues.ToTicks(record.Timestamp);
            first = Math.Min(first, ticks);
            last = Math.Max(last, ticks);
        }

        if (first >= Interlocked.Read(ref _coveredSince) && last < Interlocked.Read(ref _coveredUntil))
        {
            return;
        }

        // Creates the months from the first record's to the last's, and the next one ahead.
        await using var ensure = new NpgsqlCommand("SELECT mandate_create_audit_partitions($1, $2);", connection, transaction);
        ensure.Parameters.Add(new NpgsqlParameter { Value = first });
        ensure.Parameters.Add(new NpgsqlParameter { Value = last });
        var until = (long)(await ensure.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (first < Interlocked.Read(ref _coveredSince) || Interlocked.Read(ref _coveredSince) == long.MaxValue)
        {
            Interlocked.Exchange(ref _coveredSince, first);
        }

        Interlocked.Exchange(ref _coveredUntil, until);
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter writer, AuditRecord record, CancellationToken cancellationToken)
    {
        await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(PostgreSqlValues.ToTicks(record.Timestamp), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(record.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        foreach (var text in new[] { record.AgentId, record.ClientId, record.GrantType, record.Error, record.Reason,
                     record.TokenId, record.KeyId, record.Scopes, record.Audience })
        {
            await WriteTextAsync(writer, text, cancellationToken).ConfigureAwait(false);
        }

        if (record.LifetimeSeconds is { } lifetime)
        {
            await writer.WriteAsync(lifetime, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var text in new[] { record.ClientAddress, record.UserAgent, record.TraceId, record.SpanId, record.Details })
        {
            await WriteTextAsync(writer, text, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static AuditRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Timestamp = PostgreSqlValues.FromTicks(reader.GetInt64(1)),
        Type = reader.GetString(2),
        AgentId = PostgreSqlValues.ReadText(reader, 3),
        ClientId = PostgreSqlValues.ReadText(reader, 4),
        GrantType = PostgreSqlValues.ReadText(reader, 5),
        Error = PostgreSqlValues.ReadText(reader, 6),
        Reason = PostgreSqlValues.ReadText(reader, 7),
        TokenId = PostgreSqlValues.ReadText(reader, 8),
        KeyId = PostgreSqlValues.ReadText(reader, 9),
        Scopes = PostgreSqlValues.ReadText(reader, 10),
        Audience = PostgreSqlValues.ReadText(reader, 11),
        LifetimeSeconds = reader.IsDBNull(12) ? null : reader.GetInt64(12),
        ClientAddress = PostgreSqlValues.ReadText(reader, 13),
        UserAgent = PostgreSqlValues.ReadText(reader, 14),
        TraceId = PostgreSqlValues.ReadText(reader, 15),
        SpanId = PostgreSqlValues.ReadText(reader, 16),
        Details = PostgreSqlValues.ReadText(reader, 17),
    };
}
