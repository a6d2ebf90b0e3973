using Mandate.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Data survives close and reopen, and two instances on one file act as one store.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(TestData.Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reopen_AfterDispose_KeepsEveryStoresData()
    {
        using (var first = SqliteDatabase.Open(_directory.DatabasePath))
        {
            await new SqliteAgentStore(first).CreateAsync(TestData.FullAgent("agt_keep"), default);
            await new SqliteSigningKeyStore(first).AddAsync(TestData.SigningKey("kid-keep", TestData.Start), default);
            await new SqliteServerSecretStore(first).TryAddAsync("hash-key", [9, 8, 7], default);
            Assert.True(await new SqliteReplayCache(first, _time).TryAddAsync("iss", "jti", TestData.Start.AddMinutes(5), default));
        }

        var reopened = _directory.Open();

        Assert.Equal("Invoice bot \"prod\" — ünïcode ✓", (await new SqliteAgentStore(reopened).FindAsync("agt_keep", default))!.Name);
        Assert.Equal("kid-keep", Assert.Single(await new SqliteSigningKeyStore(reopened).ListAsync(default)).KeyId);
        Assert.Equal([9, 8, 7], await new SqliteServerSecretStore(reopened).GetAsync("hash-key", default));
        Assert.False(await new SqliteReplayCache(reopened, _time).TryAddAsync("iss", "jti", TestData.Start.AddMinutes(5), default));
    }

    [Fact]
    public async Task TwoInstances_SameFile_SeeEachOthersWritesAndConflicts()
    {
        // Two SqliteDatabase instances on one file stand in for two server processes: they share
        // nothing in memory, only the file and SQLite's locks.
        var a = new SqliteAgentStore(_directory.Open());
        var b = new SqliteAgentStore(_directory.Open());

        await a.CreateAsync(TestData.MinimalAgent("agt_shared"), default);
        await Assert.ThrowsAsync<DuplicateAgentException>(async () => await b.CreateAsync(TestData.MinimalAgent("agt_shared"), default));
        Assert.True(await b.UpdateAsync(TestData.MinimalAgent("agt_shared") with { Name = "from b" }, 0, default));
        Assert.False(await a.UpdateAsync(TestData.MinimalAgent("agt_shared") with { Name = "stale a" }, 0, default));

        var seenByA = await a.FindAsync("agt_shared", default);
        Assert.Equal("from b", seenByA!.Name);
        Assert.Equal(1, seenByA.Version);
    }

    [Fact]
    public async Task TwoInstances_ParallelReplays_ExactlyOneAcceptedAcrossBoth()
    {
        var caches = new[] { new SqliteReplayCache(_directory.Open(), _time), new SqliteReplayCache(_directory.Open(), _time) };
        var expiresAt = TestData.Start.AddMinutes(5);

        var results = await TestData.RunInParallelAsync(50, async i =>
            await caches[i % 2].TryAddAsync("iss", "jti-shared", expiresAt, default));

        Assert.Single(results, r => r);
        Assert.False(await caches[0].TryAddAsync("iss", "jti-shared", expiresAt, default));
        Assert.False(await caches[1].TryAddAsync("iss", "jti-shared", expiresAt, default));
    }

    [Fact]
    public async Task TwoInstances_SecretFirstWriterWins()
    {
        var a = new SqliteServerSecretStore(_directory.Open());
        var b = new SqliteServerSecretStore(_directory.Open());

        Assert.True(await a.TryAddAsync("hash-key", [1], default));
        Assert.False(await b.TryAddAsync("hash-key", [2], default));

        Assert.Equal([1], await b.GetAsync("hash-key", default));
    }

    [Fact]
    public async Task Open_ConcurrentlyOnAFreshFile_MigratesOnce()
    {
        var databases = await TestData.RunInParallelAsync(8, _ => Task.FromResult(_directory.Open()));

        Assert.Equal((long)SqliteDatabase.SchemaVersion, _directory.Scalar("PRAGMA user_version;"));
        Assert.All(databases, d => Assert.True(d.CanConnectAsync(default).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task ReplayCache_ManyExpiredRows_SweptInBatches()
    {
        var cache = new SqliteReplayCache(_directory.Open(), _time);
        for (var i = 0; i < 250; i++)
        {
            await cache.TryAddAsync("iss", "old-" + i, TestData.Start.AddSeconds(1), default);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 3; i++)
        {
            await cache.TryAddAsync("iss", "new-" + i, _time.GetUtcNow().AddMinutes(5), default);
        }

        Assert.Equal(3L, _directory.Scalar("SELECT count(*) FROM replay_entries;"));
    }
}
