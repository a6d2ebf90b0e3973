using System.Data;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// <see cref="IAuditStore"/> over the <c>audit_records</c> table. One <see cref="AppendAsync"/> call is
/// one write transaction, committed with the database's <c>synchronous=FULL</c>: when it returns, the
/// batch survives a process kill or power loss (https://www.sqlite.org/pragma.html#pragma_synchronous).
/// Appends go through one long-lived connection with prepared multi-row statements (<see cref="SqliteAuditAppender"/>).
/// </summary>
public sealed class SqliteAuditStore : IAuditStore, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly SqliteAuditAppender _appender;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database holding <c>audit_records</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteAuditStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _appender = new SqliteAuditAppender(database);
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await _appender.AppendAsync(records, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the append connection.</summary>
    public void Dispose() => _appender.Dispose();

    /// <summary>The agent's records up to the indexed watermark, through audit_agent_ids (filled in bulk, see
    /// <see cref="SqliteAgentIndex"/>): walked in id order along its primary key, each record found by rowid.</summary>
    internal const string IndexedArm =
        "SELECT r.id, " + QualifiedColumns + " FROM audit_agent_ids a JOIN audit_records r ON r.id = a.id" +
        " WHERE a.agent = $agent AND a.id <= (SELECT audit_upto FROM agent_index_state)";

    /// <summary>The agent's records past the watermark, by agent_id or client_id: a rowid range scan of at most the rows
    /// committed since the last bulk run.</summary>
    internal const string RecentArm =
        "SELECT r.id, " + QualifiedColumns + " FROM audit_records r" +
        " WHERE r.id > (SELECT audit_upto FROM agent_index_state) AND (r.agent_id = $agent OR r.client_id = $agent)";

    private const string QualifiedColumns =
        "r.timestamp, r.type, r.agent_id, r.client_id, r.grant_type, r.error, r.reason, r.jti, r.kid, r.scopes, " +
        "r.audience, r.lifetime_seconds, r.client_address, r.user_agent, r.trace_id, r.span_id, r.details";

    /// <summary>An agent's records: each arm returns at most the limit in order (the indexed one by walking the agent's
    /// ids along the primary key), then the two short lists are merged, so no arm reads more than it returns plus what
    /// the other filters skip.</summary>
    internal static string AgentSql(string filters, bool newestFirst) =>
        "SELECT * FROM (" + IndexedArm + filters + Order("a.id", newestFirst) + ")" +
        " UNION ALL SELECT * FROM (" + RecentArm + filters + Order("r.id", newestFirst) + ")" + Order("1", newestFirst) + ";";

    private static string Order(string column, bool newestFirst) =>
        " ORDER BY " + column + (newestFirst ? " DESC" : "") + " LIMIT $limit";

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        AuditQueryRules.ThrowIfInvalid(query);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        var filters = Filters(query, select);
        select.Parameters.AddWithValue("$limit", query.Limit);
        if (query.Agent is { } agent)
        {
            select.Parameters.AddWithValue("$agent", agent);
            select.CommandText = AgentSql(filters, query.NewestFirst);
        }
        else
        {
            select.CommandText = "SELECT r.id, " + QualifiedColumns + " FROM audit_records r WHERE 1 = 1" + filters + Order("r.id", query.NewestFirst) + ";";
        }

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
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        await using (var lookups = connection.CreateCommand())
        {
            // The agent lookup rows of the records about to go, found by their (agent, id) keys.
            lookups.Transaction = transaction;
            lookups.CommandText = """
                DELETE FROM audit_agent_ids WHERE (agent, id) IN (
                    SELECT agent_id, id FROM audit_records WHERE timestamp < $cutoff AND agent_id IS NOT NULL
                    UNION ALL SELECT client_id, id FROM audit_records WHERE timestamp < $cutoff AND client_id IS NOT NULL);
                """;
            lookups.Parameters.AddWithValue("$cutoff", SqliteValues.ToText(cutoff));
            await lookups.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int deleted;
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM audit_records WHERE timestamp < $cutoff;";
            delete.Parameters.AddWithValue("$cutoff", SqliteValues.ToText(cutoff));
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    private static string Filters(AuditQuery query, SqliteCommand select)
    {
        var sql = new StringBuilder();
        if (query.Since is { } since)
        {
            sql.Append(" AND r.timestamp >= $since");
            select.Parameters.AddWithValue("$since", SqliteValues.ToText(since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND r.timestamp < $until");
            select.Parameters.AddWithValue("$until", SqliteValues.ToText(until));
        }

        if (query.AfterId is { } afterId)
        {
            sql.Append(" AND r.id > $after");
            select.Parameters.AddWithValue("$after", afterId);
        }

        if (query.BeforeId is { } beforeId)
        {
            sql.Append(" AND r.id < $before");
            select.Parameters.AddWithValue("$before", beforeId);
        }

        if (query.Type is { } type)
        {
            // A trailing dot selects a family; substr keeps LIKE wildcards in the value harmless.
            sql.Append(type.EndsWith('.') ? " AND substr(r.type, 1, length($type)) = $type" : " AND r.type = $type");
            select.Parameters.AddWithValue("$type", type);
        }

        return sql.ToString();
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
