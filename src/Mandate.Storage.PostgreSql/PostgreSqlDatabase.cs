using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// One PostgreSQL database (more precisely: one schema of it, the first of the connection's <c>search_path</c>)
/// shared by the PostgreSQL stores and by every node of a cluster: applies the schema migrations at open and
/// hands out pooled connections from one <see cref="NpgsqlDataSource"/>. Thread-safe; register one instance per
/// connection string as a singleton.
/// </summary>
/// <remarks>
/// Statements that run often are prepared automatically (Npgsql's <c>Max Auto Prepare</c>, set to 64 unless the
/// connection string says otherwise). Commits use the server's <c>synchronous_commit</c>; leave it <c>on</c>, the
/// default, so a commit that returned survives a crash of PostgreSQL's host.
/// </remarks>
public sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenDataSource;

    private PostgreSqlDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource listenDataSource, string description)
    {
        _dataSource = dataSource;
        _listenDataSource = listenDataSource;
        Description = description;
    }

    /// <summary>The listen connection's keepalive, in seconds, when the connection string sets no <c>Keepalive</c>.</summary>
    internal const int DefaultListenKeepAliveSeconds = 10;

    /// <summary>The newest schema version this build creates and reads.</summary>
    public static int SchemaVersion => PostgreSqlMigrations.LatestVersion;

    /// <summary>Where the database is, for logs: host, port, database and user, never the password.</summary>
    public string Description { get; }

    /// <summary>The connection pool (internal to the stores).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Connects, migrates the schema to <see cref="SchemaVersion"/> under a PostgreSQL advisory lock (so several
    /// nodes starting at once migrate exactly once) and returns the database.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=mandate;Username=mandate;Password=…</c>.</param>
    /// <param name="cancellationToken">Cancels the connect and the migration.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is blank or malformed.</exception>
    /// <exception cref="PostgreSqlSchemaVersionException">The schema was migrated by a newer Mandate.</exception>
    /// <exception cref="NpgsqlException">PostgreSQL cannot be reached or refused the login.</exception>
    public static async Task<PostgreSqlDatabase> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!ContainsKey(connectionString, "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        var description = Describe(connectionString);
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PostgreSqlMigrations.ApplyAsync(connection, description, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // The LISTEN connection (PostgreSqlChangeListener): its own, outside the pool, named in pg_stat_activity. After
        // Keepalive seconds of silence it sends a query and gives up when no answer comes within as long again, so a
        // peer that went silent without closing (a dead host, a black-holing network) is noticed within twice that.
        var listen = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            Pooling = false,
            ApplicationName = PostgreSqlChangeListener.ApplicationName,
        };
        if (!ContainsKey(connectionString, "Keepalive"))
        {
            listen.KeepAlive = DefaultListenKeepAliveSeconds;
        }
        return new PostgreSqlDatabase(dataSource, NpgsqlDataSource.Create(listen), description);
    }

    /// <summary>
    /// Describes a connection string for logs and start-up output: <c>postgres://user@host:port/database</c>,
    /// never the password.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
        var schema = string.IsNullOrEmpty(builder.SearchPath) ? "" : " (search_path " + builder.SearchPath + ")";
        return $"postgres://{user}{builder.Host}:{builder.Port}/{builder.Database}{schema}";
    }

    /// <summary>
    /// Readiness probe: runs a query and checks the schema version. Never throws for database failures; returns
    /// false instead (the caller logs and reports not-ready).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await PostgreSqlMigrations.ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false) == SchemaVersion;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Closes the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _listenDataSource.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the pool.</summary>
    public void Dispose()
    {
        _listenDataSource.Dispose();
        _dataSource.Dispose();
    }

    /// <summary>A new, unopened connection for LISTEN, outside the pool.</summary>
    internal NpgsqlConnection CreateListenConnection() => _listenDataSource.CreateConnection();

    /// <summary>Closes the pool's idle connections, so that connections a PostgreSQL restart or failover has broken are
    /// not handed to requests (each would fail once); connections in use are discarded when they are returned.</summary>
    internal void ClearPool() => _dataSource.Clear();

    /// <summary>A command on a pooled connection that is opened and closed around its execution.</summary>
    internal NpgsqlCommand Command(string sql) => _dataSource.CreateCommand(sql);

    private static bool ContainsKey(string connectionString, string key) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey(key);
}
