using System.Data;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IAuditStore"/> over the <c>audit_records</c> table. One <see cref="AppendAsync"/> call is
/// one write transaction, committed with the database's <c>synchronous=FULL</c>: when it returns, the
/// batch survives a process kill or power loss (https://www.sqlite.org/pragma.html#pragma_synchronous).
/// </summary>
public sealed class SqliteAuditStore : IAuditStore
{
    private const string InsertSql =
        "INSERT INTO audit_records (timestamp, type, agent_id, client_id, grant_type, error, reason, jti, kid, scopes, " +
        "audience, lifetime_seconds, client_address, user_agent, trace_id, span_id, details) VALUES " +
        "($ts, $type, $agent, $client, $grant, $error, $reason, $jti, $kid, $scopes, $aud, $life, $addr, $ua, $trace, $span, $details);";

    private const string SelectColumns =
        "SELECT id, timestamp, type, agent_id, client_id, grant_type, error, reason, jti, kid, scopes, audience, " +
        "lifetime_seconds, client_address, user_agent, trace_id, span_id, details FROM audit_records";

    private static readonly string[] ParameterNames =
        ["$ts", "$type", "$agent", "$client", "$grant", "$error", "$reason", "$jti", "$kid", "$scopes", "$aud", "$life", "$addr", "$ua", "$trace", "$span", "$details"];

    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database holding <c>audit_records</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteAuditStore(SqliteDatabase database)
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

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        var parameters = new SqliteParameter[ParameterNames.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = insert.Parameters.Add(ParameterNames[i], SqliteType.Text);
        }

        parameters[11].SqliteType = SqliteType.Integer;
        insert.Prepare();
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            parameters[0].Value = SqliteValues.ToText(record.Timestamp);
            parameters[1].Value = record.Type;
            parameters[2].Value = SqliteValues.OrDbNull(record.AgentId);
            parameters[3].Value = SqliteValues.OrDbNull(record.ClientId);
            parameters[4].Value = SqliteValues.OrDbNull(record.GrantType);
            parameters[5].Value = SqliteValues.OrDbNull(record.Error);
            parameters[6].Value = SqliteValues.OrDbNull(record.Reason);
            parameters[7].Value = SqliteValues.OrDbNull(record.TokenId);
            parameters[8].Value = SqliteValues.OrDbNull(record.KeyId);
            parameters[9].Value = SqliteValues.OrDbNull(record.Scopes);
            parameters[10].Value = SqliteValues.OrDbNull(record.Audience);
            parameters[11].Value = record.LifetimeSeconds is { } life ? life : DBNull.Value;
            parameters[12].Value = SqliteValues.OrDbNull(record.ClientAddress);
            parameters[13].Value = SqliteValues.OrDbNull(record.UserAgent);
            parameters[14].Value = SqliteValues.OrDbNull(record.TraceId);
            parameters[15].Value = SqliteValues.OrDbNull(record.SpanId);
            parameters[16].Value = SqliteValues.OrDbNull(record.Details);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Not cancellable past this point: a half-cancelled commit would leave callers unsure.
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        AuditQueryRules.ThrowIfInvalid(query);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        var sql = new StringBuilder(SelectColumns).Append(" WHERE 1 = 1");
        if (query.Agent is { } agent)
        {
            sql.Append(" AND (agent_id = $agent OR client_id = $agent)");
            select.Parameters.AddWithValue("$agent", agent);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND timestamp >= $since");
            select.Parameters.AddWithValue("$since", SqliteValues.ToText(since));
        }

        if (query.AfterId is { } afterId)
        {
            sql.Append(" AND id > $after");
            select.Parameters.AddWithValue("$after", afterId);
        }

        if (query.Type is { } type)
        {
            // A trailing dot selects a family; substr keeps LIKE wildcards in the value harmless.
            sql.Append(type.EndsWith('.') ? " AND substr(type, 1, length($type)) = $type" : " AND type = $type");
            select.Parameters.AddWithValue("$type", type);
        }

        sql.Append(" ORDER BY id LIMIT $limit;");
        select.Parameters.AddWithValue("$limit", query.Limit);
        select.CommandText = sql.ToString();

        var result = new List<AuditRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM audit_records WHERE timestamp < $cutoff;";
        delete.Parameters.AddWithValue("$cutoff", SqliteValues.ToText(cutoff));
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static AuditRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Timestamp = SqliteValues.ParseTime(reader.GetString(1)),
        Type = reader.GetString(2),
        AgentId = Text(reader, 3),
        ClientId = Text(reader, 4),
        GrantType = Text(reader, 5),
        Error = Text(reader, 6),
        Reason = Text(reader, 7),
        TokenId = Text(reader, 8),
        KeyId = Text(reader, 9),
        Scopes = Text(reader, 10),
        Audience = Text(reader, 11),
        LifetimeSeconds = reader.IsDBNull(12) ? null : reader.GetInt64(12),
        ClientAddress = Text(reader, 13),
        UserAgent = Text(reader, 14),
        TraceId = Text(reader, 15),
        SpanId = Text(reader, 16),
        Details = Text(reader, 17),
    };

    private static string? Text(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
