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
    private const string SelectColumns = "SELECT id, " + SqliteAuditAppender.Columns + " FROM audit_records";

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

    /// <summary>
    /// The same rows as <c>agent_id = $agent OR client_id = $agent</c>: a record whose client_id equals its
    /// agent_id is found by the first term. Spelling out the partial index's condition (migration v10) lets
    /// SQLite search ix_audit_records_client_id_other for the second term instead of scanning the log.
    /// </summary>
    internal const string AgentFilter = "(agent_id = $agent OR (client_id = $agent AND client_id IS NOT agent_id))";

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        AuditQueryRules.ThrowIfInvalid(query);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        var sql = new StringBuilder(SelectColumns).Append(" WHERE 1 = 1");
        if (query.Agent is { } agent)
        {
            sql.Append(" AND ").Append(AgentFilter);
            select.Parameters.AddWithValue("$agent", agent);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND timestamp >= $since");
            select.Parameters.AddWithValue("$since", SqliteValues.ToText(since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND timestamp < $until");
            select.Parameters.AddWithValue("$until", SqliteValues.ToText(until));
        }

        if (query.AfterId is { } afterId)
        {
            sql.Append(" AND id > $after");
            select.Parameters.AddWithValue("$after", afterId);
        }

        if (query.BeforeId is { } beforeId)
        {
            sql.Append(" AND id < $before");
            select.Parameters.AddWithValue("$before", beforeId);
        }

        if (query.Type is { } type)
        {
            // A trailing dot selects a family; substr keeps LIKE wildcards in the value harmless.
            sql.Append(type.EndsWith('.') ? " AND substr(type, 1, length($type)) = $type" : " AND type = $type");
            select.Parameters.AddWithValue("$type", type);
        }

        sql.Append(query.NewestFirst ? " ORDER BY id DESC LIMIT $limit;" : " ORDER BY id LIMIT $limit;");
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
