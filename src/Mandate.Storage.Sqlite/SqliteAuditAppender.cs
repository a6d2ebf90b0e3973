using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// The write side of <see cref="SqliteAuditStore"/>: one long-lived connection and one prepared
/// single-row INSERT that is bound by parameter index straight through SQLitePCLRaw, so appending a
/// batch costs one transaction, one fsync and one statement step per record. Every
/// <see cref="CheckpointEveryRecords"/> records it asks <see cref="SqliteBackgroundCheckpointer"/> to copy
/// the WAL into the database file off the commit path.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite binds parameters by name: each bind looks the name up in the statement's
/// parameter list with string compares, which profiling under load showed to cost more than the
/// insert itself (quadratic for multi-row statements). Binding by index, and binding text as UTF-16
/// spans that SQLite converts itself, leaves only SQLite's own work. Appends are serialised (SQLite
/// has one writer anyway); after any failure the transaction is rolled back, the connection dropped
/// and the next append opens a fresh one, so a broken transaction never leaks into later batches.
/// </remarks>
internal sealed class SqliteAuditAppender : IDisposable
{
    internal const string Columns =
        "timestamp, type, agent_id, client_id, grant_type, error, reason, jti, kid, scopes, " +
        "audience, lifetime_seconds, client_address, user_agent, trace_id, span_id, details";

    private const string InsertSql =
        "INSERT INTO audit_records (" + Columns + ") " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17);";

    // Fixed width, the same text SqliteValues.ToText writes: "yyyy-MM-ddTHH:mm:ss.fffffffZ".
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // Records appended between two requests for a background checkpoint: chosen so that, with several records
    // per commit, the background checkpoint runs well before the writer's own at 1000 WAL frames.
    internal const int CheckpointEveryRecords = 256;

    private readonly SqliteDatabase _database;
    private readonly SqliteBackgroundCheckpointer _checkpointer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _sinceCheckpoint;
    private SqliteConnection? _connection;
    private sqlite3_stmt? _insert;
    private bool _disposed;

    public SqliteAuditAppender(SqliteDatabase database)
    {
        _database = database;
        _checkpointer = new SqliteBackgroundCheckpointer(database);
    }

    /// <summary>The checkpointer this appender feeds (tests).</summary>
    internal SqliteBackgroundCheckpointer Checkpointer => _checkpointer;

    public async ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is null)
            {
                _connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            using (await _database.WriteGate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    Append(_connection.Handle!, records);
                }
                catch
                {
                    CloseConnection(rollback: true);
                    throw;
                }
            }

            _database.AgentIndex.Committed(records.Count);
            _sinceCheckpoint += records.Count;
            if (_sinceCheckpoint >= CheckpointEveryRecords)
            {
                _sinceCheckpoint = 0;
                _checkpointer.Request();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _checkpointer.Dispose();
        _gate.Wait();
        try
        {
            _disposed = true;
            CloseConnection(rollback: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Synchronous on purpose: SQLite calls block anyway, and the caller is the single writer loop.
    private void Append(sqlite3 db, IReadOnlyList<AuditRecord> records)
    {
        Check(db, raw.sqlite3_exec(db, "BEGIN IMMEDIATE;"));
        if (_insert is null)
        {
            Check(db, raw.sqlite3_prepare_v3(db, InsertSql, raw.SQLITE_PREPARE_PERSISTENT, out var insert));
            _insert = insert;
        }

        for (var i = 0; i < records.Count; i++)
        {
            Bind(db, _insert, records[i]);
            var rc = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            if (rc != raw.SQLITE_DONE)
            {
                Check(db, rc);
            }
        }

        raw.sqlite3_clear_bindings(_insert);
        Check(db, raw.sqlite3_exec(db, "COMMIT;"));
    }

    private static void Bind(sqlite3 db, sqlite3_stmt insert, AuditRecord record)
    {
        Span<char> time = stackalloc char[TimeFormat.Length];
        if (!record.Timestamp.UtcDateTime.TryFormat(time, out var written, TimeFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("An audit timestamp did not fit its fixed-width format.");
        }

        Check(db, raw.sqlite3_bind_text16(insert, 1, time[..written]));
        BindText(db, insert, 2, record.Type);
        BindText(db, insert, 3, record.AgentId);
        BindText(db, insert, 4, record.ClientId);
        BindText(db, insert, 5, record.GrantType);
        BindText(db, insert, 6, record.Error);
        BindText(db, insert, 7, record.Reason);
        BindText(db, insert, 8, record.TokenId);
        BindText(db, insert, 9, record.KeyId);
        BindText(db, insert, 10, record.Scopes);
        BindText(db, insert, 11, record.Audience);
        Check(db, record.LifetimeSeconds is { } life ? raw.sqlite3_bind_int64(insert, 12, life) : raw.sqlite3_bind_null(insert, 12));
        BindText(db, insert, 13, record.ClientAddress);
        BindText(db, insert, 14, record.UserAgent);
        BindText(db, insert, 15, record.TraceId);
        BindText(db, insert, 16, record.SpanId);
        BindText(db, insert, 17, record.Details);
    }

    private static void BindText(sqlite3 db, sqlite3_stmt insert, int index, string? value) =>
        Check(db, value is null ? raw.sqlite3_bind_null(insert, index) : raw.sqlite3_bind_text16(insert, index, value.AsSpan()));

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
        }
    }

    private void CloseConnection(bool rollback)
    {
        _insert?.Dispose();
        _insert = null;
        if (_connection is null)
        {
            return;
        }

        if (rollback && _connection.Handle is { } db && raw.sqlite3_get_autocommit(db) == 0)
        {
            raw.sqlite3_exec(db, "ROLLBACK;");
        }

        // The connection goes back to the pool; a transaction this class opened never goes with it.
        if (_connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0)
        {
            SqliteConnection.ClearPool(_connection);
        }

        _connection.Dispose();
        _connection = null;
    }
}
