using System.Data;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// The write side of <see cref="SqliteAuditStore"/>: one long-lived connection with prepared multi-row
/// INSERT statements, so appending a batch costs one transaction, one fsync and a few statement steps
/// instead of a connection checkout, a statement compile and one step per record. Appends are
/// serialised (SQLite has one writer anyway); after any failure the connection is dropped and the next
/// append opens a fresh one, so a broken transaction never leaks into later batches.
/// </summary>
internal sealed class SqliteAuditAppender : IDisposable
{
    internal const string Columns =
        "timestamp, type, agent_id, client_id, grant_type, error, reason, jti, kid, scopes, " +
        "audience, lifetime_seconds, client_address, user_agent, trace_id, span_id, details";

    private const int ColumnCount = 17;
    private const int LifetimeColumn = 11;

    // Rows per statement, largest first; a batch is cut greedily into these. Wider statements bind
    // more parameters per step; 32 × 17 = 544 parameters stays far below SQLite's 32,766 limit.
    private static readonly int[] ChunkSizes = [32, 8, 1];

    private readonly SqliteDatabase _database;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private SqliteCommand[]? _inserts;
    private bool _disposed;

    public SqliteAuditAppender(SqliteDatabase database) => _database = database;

    public async ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                await AppendCoreAsync(records, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                CloseConnection();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            CloseConnection();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask AppendCoreAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            _connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            _inserts = new SqliteCommand[ChunkSizes.Length];
        }

        using var transaction = _connection.BeginTransaction(IsolationLevel.Serializable);
        var next = 0;
        for (var size = 0; size < ChunkSizes.Length; size++)
        {
            var rows = ChunkSizes[size];
            while (records.Count - next >= rows)
            {
                var insert = _inserts![size] ??= Prepare(_connection, rows);
                insert.Transaction = transaction;
                for (var row = 0; row < rows; row++)
                {
                    Bind(insert.Parameters, row * ColumnCount, records[next + row]);
                }

                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                next += rows;
            }
        }

        // Not cancellable past this point: a half-cancelled commit would leave callers unsure.
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, int rows)
    {
        var sql = new StringBuilder("INSERT INTO audit_records (").Append(Columns).Append(") VALUES ");
        var command = connection.CreateCommand();
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ",(");
            for (var column = 0; column < ColumnCount; column++)
            {
                var name = "$p" + (row * ColumnCount + column).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(column == 0 ? "" : ",").Append(name);
                command.Parameters.Add(name, column == LifetimeColumn ? SqliteType.Integer : SqliteType.Text);
            }

            sql.Append(')');
        }

        command.CommandText = sql.Append(';').ToString();
        return command;
    }

    private static void Bind(SqliteParameterCollection parameters, int offset, AuditRecord record)
    {
        parameters[offset].Value = SqliteValues.ToText(record.Timestamp);
        parameters[offset + 1].Value = record.Type;
        parameters[offset + 2].Value = SqliteValues.OrDbNull(record.AgentId);
        parameters[offset + 3].Value = SqliteValues.OrDbNull(record.ClientId);
        parameters[offset + 4].Value = SqliteValues.OrDbNull(record.GrantType);
        parameters[offset + 5].Value = SqliteValues.OrDbNull(record.Error);
        parameters[offset + 6].Value = SqliteValues.OrDbNull(record.Reason);
        parameters[offset + 7].Value = SqliteValues.OrDbNull(record.TokenId);
        parameters[offset + 8].Value = SqliteValues.OrDbNull(record.KeyId);
        parameters[offset + 9].Value = SqliteValues.OrDbNull(record.Scopes);
        parameters[offset + 10].Value = SqliteValues.OrDbNull(record.Audience);
        parameters[offset + LifetimeColumn].Value = record.LifetimeSeconds is { } life ? life : DBNull.Value;
        parameters[offset + 12].Value = SqliteValues.OrDbNull(record.ClientAddress);
        parameters[offset + 13].Value = SqliteValues.OrDbNull(record.UserAgent);
        parameters[offset + 14].Value = SqliteValues.OrDbNull(record.TraceId);
        parameters[offset + 15].Value = SqliteValues.OrDbNull(record.SpanId);
        parameters[offset + 16].Value = SqliteValues.OrDbNull(record.Details);
    }

    private void CloseConnection()
    {
        if (_inserts is not null)
        {
            foreach (var insert in _inserts)
            {
                insert?.Dispose();
            }

            _inserts = null;
        }

        _connection?.Dispose();
        _connection = null;
    }
}
