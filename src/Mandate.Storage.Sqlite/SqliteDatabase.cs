using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// One SQLite database file shared by the SQLite stores: opens it, applies the schema migrations, and
/// hands out configured connections. Thread-safe; register one instance per file as a singleton.
/// Several instances (or processes) may use the same file at once; SQLite's locks serialise writers.
/// </summary>
/// <remarks>
/// Every connection runs with <c>journal_mode=WAL</c> (readers never block the writer),
/// <c>synchronous=FULL</c>, <c>foreign_keys=ON</c> and a <c>busy_timeout</c>.
/// FULL rather than NORMAL: per https://www.sqlite.org/pragma.html#pragma_synchronous, WAL with NORMAL
/// never corrupts the file but "might roll back" the last commits after a power loss or OS crash. Here
/// those commits are security state: a suspended agent, a rotated secret, a used jti. Losing them would
/// quietly undo a revocation or re-open a replay window, and the write rate is low, so we pay one WAL
/// fsync per commit.
/// </remarks>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>The default of how long a statement waits for another connection's lock before failing: 5 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private volatile bool _disposed;

    private SqliteDatabase(string databasePath, string connectionString, TimeSpan busyTimeout)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        BusyTimeout = busyTimeout;
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;");
        AgentIndex = new SqliteAgentIndex(this);
    }

    /// <summary>The bulk filler of the agent-keyed lookup tables, fed by the audit and status-list writers.</summary>
    internal SqliteAgentIndex AgentIndex { get; }

    /// <summary>The in-process queue of this database's steady writers for SQLite's write lock.</summary>
    internal SqliteWriteGate WriteGate { get; } = new();

    /// <summary>
    /// How long a statement waits for another connection's lock (SQLite's <c>busy_timeout</c>) before it fails with
    /// <c>SQLITE_BUSY</c>, which the server answers 503 + <c>Retry-After</c>. Microsoft.Data.Sqlite retries a busy
    /// statement until its command timeout, kept in whole seconds, so a request waits at most this value rounded up to
    /// a whole second.
    /// </summary>
    public TimeSpan BusyTimeout { get; }

    /// <summary>The newest schema version (<c>PRAGMA user_version</c>) this build creates and reads.</summary>
    public static int SchemaVersion => SqliteMigrations.LatestVersion;

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens (creating when missing, owner-only on Unix) the database file, switches it to WAL and
    /// migrates the schema to <see cref="SchemaVersion"/> in one transaction.
    /// </summary>
    /// <param name="databasePath">Path of the file, e.g. <c>.mandate/mandate.db</c>; the folder is created.</param>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is null, empty or blank.</exception>
    /// <exception cref="SqliteSchemaVersionException">The file was written by a newer Mandate.</exception>
    /// <exception cref="InvalidOperationException">WAL cannot be enabled (e.g. on some network file systems).</exception>
    /// <exception cref="SqliteException">The file is not a database or cannot be opened.</exception>
    public static SqliteDatabase Open(string databasePath) => Open(databasePath, DefaultBusyTimeout);

    /// <summary>Opens the database file like <see cref="Open(string)"/>, with the given lock wait bound.</summary>
    /// <param name="databasePath">Path of the file; the folder is created.</param>
    /// <param name="busyTimeout">How long a statement waits for a lock: between 10 milliseconds and 1 minute.</param>
    /// <returns>The database.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="busyTimeout"/> is out of range.</exception>
    public static SqliteDatabase Open(string databasePath, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(busyTimeout, TimeSpan.FromMilliseconds(10));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(busyTimeout, TimeSpan.FromMinutes(1));
        var fullPath = Path.GetFullPath(databasePath);
        CreateFileIfMissing(fullPath);

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until this many seconds have passed (0 would wait forever).
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();

        var database = new SqliteDatabase(fullPath, connectionString, busyTimeout);
        using var connection = database.OpenConnection();
        EnableWal(connection, fullPath);
        SqliteMigrations.Apply(connection, fullPath);
        return database;
    }

    /// <summary>
    /// Readiness probe: opens a connection and checks the schema version. Never throws for database
    /// failures; returns false instead (the caller logs and reports not-ready).
    /// </summary>
    /// <returns>True when the file is reachable and at <see cref="SchemaVersion"/>.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return SqliteMigrations.ReadUserVersion(connection) == SchemaVersion;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Releases pooled connections (and with them the file handles) to this file.</summary>
    public void Dispose()
    {
        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Opens a configured connection; the caller disposes it.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens a configured connection whose commits are not synced on their own (<c>synchronous=NORMAL</c>): ordered in
    /// the WAL and made durable by the next durable commit on the file. For writes whose loss in a power cut is
    /// harmless or redone; back in the pool the connection is reset, as every open runs <c>synchronous = FULL</c>.
    /// </summary>
    internal async Task<SqliteConnection> OpenUnsyncedConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private SqliteConnection OpenConnection() =>
        OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();

    private static void EnableWal(SqliteConnection connection, string fullPath)
    {
        // journal_mode is persistent in the file, so setting it once at open covers every connection.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused WAL mode for '{fullPath}' (journal mode is '{mode}'); use a local file system.");
        }
    }

    private static void CreateFileIfMissing(string fullPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        if (File.Exists(fullPath))
        {
            return;
        }

        // The file holds secret hashes and encrypted keys: owner-only. SQLite gives the -wal and -shm
        // files the permissions of the database file. An empty file is a valid empty database.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var _ = new FileStream(fullPath, options);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another process created it between the check and the create; use theirs.
        }
    }
}
