using System.Diagnostics;
using Npgsql;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>LISTEN/NOTIFY between two nodes of one schema: the kind announced, the schema isolated, a killed connection re-established.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlChangeListenerTests(PostgreSqlServerFixture server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();
    private readonly PostgreSqlTestSchema _other = server.CreateSchema();

    [Fact]
    public async Task WaitAsync_RevocationCommittedByAnotherNode_CompletesWithinMillisecondsAndOnlyForRevocations()
    {
        await using var listener = await ListeningAsync(_schema.Open());
        var revocations = listener.WaitAsync(StoreChangeKind.Revocations);
        var keys = listener.WaitAsync(StoreChangeKind.SigningKeys);

        var clock = Stopwatch.StartNew();
        await new PostgreSqlRevocationStore(_schema.Open()).AppendAsync(Revocation(), default);
        await revocations.WaitAsync(Bound);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"the notification took {clock.Elapsed.TotalMilliseconds} ms");
        Assert.False(keys.IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_ChangeInAnotherSchemaOfTheDatabase_DoesNotComplete()
    {
        await using var listener = await ListeningAsync(_schema.Open());
        var revocations = listener.WaitAsync(StoreChangeKind.Revocations);

        await new PostgreSqlRevocationStore(_other.Open()).AppendAsync(Revocation(), default);
        var ownSchema = new PostgreSqlRevocationStore(_schema.Open());
        var otherOnly = await Task.WhenAny(revocations, Task.Delay(300));
        await ownSchema.AppendAsync(Revocation(), default);
        await revocations.WaitAsync(Bound);

        Assert.NotSame(revocations, otherOnly);
    }

    [Fact]
    public async Task WaitAsync_AgentUpdateKeysAndTrustedIssuers_CompleteTheirOwnKind()
    {
        await using var listener = await ListeningAsync(_schema.Open());
        var agents = listener.WaitAsync(StoreChangeKind.Agents);
        var issuers = listener.WaitAsync(StoreChangeKind.TrustedIssuers);
        var keys = listener.WaitAsync(StoreChangeKind.SigningKeys);

        Execute(_schema, "INSERT INTO agents (id, client_id, name, allowed_scopes, default_scopes, allowed_audiences, allowed_grant_types, " +
            "token_lifetime_ticks, status, created_at, version, change_seq) VALUES ('a1', 'a1', 'n', '{}', '{}', '{}', '{}', 1, 0, 0, 1, 1);");
        Execute(_schema, "DELETE FROM trusted_issuers;");
        Execute(_schema, "DELETE FROM signing_keys;");

        await Task.WhenAll(agents, issuers, keys).WaitAsync(Bound);
    }

    [Fact]
    public async Task WaitAsync_LastUsedTouch_DoesNotAnnounceAnAgentChange()
    {
        await using var listener = await ListeningAsync(_schema.Open());
        Execute(_schema, "INSERT INTO agents (id, client_id, name, allowed_scopes, default_scopes, allowed_audiences, allowed_grant_types, " +
            "token_lifetime_ticks, status, created_at, version, change_seq) VALUES ('a1', 'a1', 'n', '{}', '{}', '{}', '{}', 1, 0, 0, 1, 1);");
        await Task.Delay(300);
        var agents = listener.WaitAsync(StoreChangeKind.Agents);

        Execute(_schema, "UPDATE agents SET last_used_at = 5 WHERE id = 'a1';");
        var first = await Task.WhenAny(agents, Task.Delay(300));

        Assert.NotSame(agents, first);
    }

    [Fact]
    public async Task ListenConnectionTerminated_WakesEveryWaiterReconnectsAndHearsTheNextChange()
    {
        await using var listener = await ListeningAsync(_schema.Open());
        var lost = listener.WaitAsync(StoreChangeKind.Agents);

        var terminated = Execute(_schema, $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{PostgreSqlChangeListener.ApplicationName}';");
        Assert.True(terminated >= 1, $"terminated {terminated}");
        await lost.WaitAsync(Bound);
        var clock = Stopwatch.StartNew();
        while (!listener.IsListening && clock.Elapsed < Bound)
        {
            await Task.Delay(20);
        }

        Assert.True(listener.IsListening);

        var revocations = listener.WaitAsync(StoreChangeKind.Revocations);
        await new PostgreSqlRevocationStore(_schema.Open()).AppendAsync(Revocation(), default);
        await revocations.WaitAsync(Bound);
    }

    [Fact]
    public async Task ServerTerminatesEveryConnection_IdlePooledConnectionsAreDropped_NoCommandFailsOnABrokenOne()
    {
        await using var database = _schema.Open();
        await using var listener = await ListeningAsync(database);
        var store = new PostgreSqlRevocationStore(database);

        // Four connections open at once, then idle in the pool.
        var pids = new List<int>();
        var open = new List<NpgsqlConnection>();
        for (var i = 0; i < 4; i++)
        {
            var connection = await database.DataSource.OpenConnectionAsync();
            open.Add(connection);
            pids.Add(connection.ProcessID);
        }

        foreach (var connection in open)
        {
            await connection.DisposeAsync();
        }

        // What a restart or failover does: every backend of the node goes, the listen connection's too.
        var lost = listener.WaitAsync(StoreChangeKind.Agents);
        var terminated = Execute(_schema, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid IN (" + string.Join(',', pids) +
            $") OR application_name = '{PostgreSqlChangeListener.ApplicationName}';");
        Assert.True(terminated >= 5, $"terminated {terminated}");
        await lost.WaitAsync(Bound);

        for (var i = 0; i < 8; i++)
        {
            Assert.True(await store.GetHeadAsync(default) >= 0);
        }
    }

    [Fact]
    public async Task PeerGoesSilentWithoutClosing_KeepaliveNoticesWakesEveryWaiterAndReconnects()
    {
        // A dead host or a black-holing network: the listen connection's bytes stop flowing, nothing is closed. The
        // listen connection's keepalive (Keepalive=1 here; 10 s unless the connection string says otherwise) sends a
        // query after that much silence and gives up when its answer does not come within as long again.
        await using var proxy = new FreezingTcpProxy(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Cluster.Port));
        var viaProxy = new NpgsqlConnectionStringBuilder(_schema.ConnectionString) { Port = proxy.Port, KeepAlive = 1 };
        await using var database = await PostgreSqlDatabase.OpenAsync(viaProxy.ConnectionString, default);
        await using var listener = await ListeningAsync(database);
        var lost = listener.WaitAsync(StoreChangeKind.Agents);
        var connectionsBefore = proxy.Accepted;

        var clock = Stopwatch.StartNew();
        proxy.FreezeExisting();
        await lost.WaitAsync(Bound);
        var noticedAfter = clock.Elapsed;
        Assert.True(noticedAfter < TimeSpan.FromSeconds(5), $"noticed after {noticedAfter.TotalMilliseconds} ms");

        // The reconnect goes through the proxy again (new connections are forwarded) and hears the next change.
        while (!listener.IsListening && clock.Elapsed < Bound)
        {
            await Task.Delay(20);
        }

        Assert.True(listener.IsListening);
        Assert.True(proxy.Accepted > connectionsBefore);
        var revocations = listener.WaitAsync(StoreChangeKind.Revocations);
        await new PostgreSqlRevocationStore(_schema.Open()).AppendAsync(Revocation(), default);
        await revocations.WaitAsync(Bound);
    }

    public void Dispose()
    {
        _schema.Dispose();
        _other.Dispose();
    }

    private static async Task<PostgreSqlChangeListener> ListeningAsync(PostgreSqlDatabase database)
    {
        var listener = new PostgreSqlChangeListener(database, TimeProvider.System, logger: null);
        var started = listener.WaitAsync(StoreChangeKind.Revocations);
        await started.WaitAsync(Bound);
        Assert.True(listener.IsListening);
        return listener;
    }

    private static RevocationEvent Revocation() => new()
    {
        Kind = RevocationKind.Token,
        Subject = Guid.NewGuid().ToString("N"),
        At = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddYears(100),
    };

    private static long Execute(PostgreSqlTestSchema schema, string sql)
    {
        using var connection = new NpgsqlConnection(schema.ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar() is long count ? count : 0;
    }
}
