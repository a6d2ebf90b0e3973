using Npgsql;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Schema migrations: exactly once under concurrent starts, refusal of a newer schema, re-open keeps data.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMigrationTests(PostgreSqlServerFixture server) : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    [Fact]
    public async Task OpenAsync_EightNodesAtOnce_MigrateExactlyOnceAndAllStart()
    {
        // Each open is a separate pool, as separate nodes would be; the advisory lock makes them take turns.
        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(_schema.Open)));

        Assert.Equal(8, opened.Length);
        Assert.Equal(PostgreSqlDatabase.SchemaVersion, Convert.ToInt32(Scalar("SELECT version FROM mandate_schema_version;")));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM mandate_schema_version;"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM revocation_head;"));
        foreach (var database in opened)
        {
            Assert.True(await database.CanConnectAsync(default));
        }
    }

    [Fact]
    public async Task OpenAsync_SchemaWrittenByANewerMandate_RefusesWithTheVersions()
    {
        var current = _schema.Open();
        Scalar($"UPDATE mandate_schema_version SET version = {PostgreSqlDatabase.SchemaVersion + 1};");

        var error = await Assert.ThrowsAsync<PostgreSqlSchemaVersionException>(
            () => PostgreSqlDatabase.OpenAsync(_schema.ConnectionString, default));

        Assert.Equal(PostgreSqlDatabase.SchemaVersion + 1, error.FoundVersion);
        Assert.Equal(PostgreSqlDatabase.SchemaVersion, error.SupportedVersion);
        Assert.StartsWith("MND0500: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Testing.PostgreSqlCluster.Password, error.Message, StringComparison.Ordinal);
        Assert.False(await current.CanConnectAsync(default));
    }

    [Fact]
    public async Task OpenAsync_AlreadyMigrated_KeepsTheData()
    {
        await new PostgreSqlServerSecretStore(_schema.Open()).TryAddAsync("k", [1, 2, 3], default);

        var reopened = new PostgreSqlServerSecretStore(_schema.Open());

        Assert.Equal([1, 2, 3], await reopened.GetAsync("k", default));
    }

    [Fact]
    public async Task OpenAsync_NothingListening_ThrowsNpgsqlException()
    {
        Assert.Null(await PostgreSqlDatabaseAt(FreePortConnectionString()));
    }

    [Fact]
    public async Task CanConnectAsync_ServerStoppedThenStarted_FalseThenTrueWithTheSamePool()
    {
        var database = _schema.Open();
        var secrets = new PostgreSqlServerSecretStore(database);
        Assert.True(await database.CanConnectAsync(default));

        server.Cluster.StopServer();
        try
        {
            Assert.False(await database.CanConnectAsync(default));
            await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await secrets.TryAddAsync("during", [1], default));
        }
        finally
        {
            server.Cluster.StartServer();
        }

        // The pool drops its broken connections and the stores work again without re-opening anything.
        Assert.True(await database.CanConnectAsync(default));
        Assert.True(await secrets.TryAddAsync("after", [2], default));
    }

    [Fact]
    public void Describe_ConnectionStringWithPassword_NamesTheServerButNeverThePassword()
    {
        var description = PostgreSqlDatabase.Describe(
            "Host=db.internal;Port=6432;Database=mandate;Username=mandate_app;Password=s3cret-P@ss");

        Assert.Equal("postgres://mandate_app@db.internal:6432/mandate", description);
        Assert.DoesNotContain("s3cret", description, StringComparison.Ordinal);
    }

    public void Dispose() => _schema.Dispose();

    private static async Task<PostgreSqlDatabase?> PostgreSqlDatabaseAt(string connectionString)
    {
        try
        {
            return await PostgreSqlDatabase.OpenAsync(connectionString, default);
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private static string FreePortConnectionString()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Username=nobody;Database=none;Timeout=5";
    }

    private object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(_schema.ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}
