using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Concurrent status-list allocations share transactions (group commit) and each still wins or loses its index alone.</summary>
public sealed class SqliteStatusListAllocationsTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static StatusListEntry Entry(int index, string jti) => new()
    {
        ListId = 1,
        Index = index,
        TokenId = jti,
        Subject = "agt_a",
        ClientId = "agt_a",
        KeyId = "k1",
        IssuedAt = TestData.Start,
        ExpiresAt = TestData.Start.AddMinutes(5),
    };

    [Fact]
    public async Task TryAllocateAsync_CallersQueuedBehindTheWriteLock_CommitTogether_VisibleToOtherConnections()
    {
        using var store = new SqliteStatusListStore(_directory.Open());
        using var holder = _directory.OpenRawConnection();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        // The first caller takes the gate and waits for the write lock; the other 49 queue behind it meanwhile.
        var allocations = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => store.TryAllocateAsync(Entry(i, "t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), TestData.Start, default).AsTask()))
            .ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (store.Allocations.Queued < 49 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        Assert.All(await Task.WhenAll(allocations), Assert.True);
        Assert.InRange(store.Allocations.Commits, 1, 3);
        using var count = holder.CreateCommand();
        count.CommandText = "SELECT count(*) FROM status_list_entries;";
        Assert.Equal(50L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public async Task TryAllocateAsync_SameIndexInOneBatch_OneWinsTheOthersLose()
    {
        using var store = new SqliteStatusListStore(_directory.Open());

        var won = await TestData.RunInParallelAsync(8, async i => await store.TryAllocateAsync(Entry(5, "t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), TestData.Start, default));

        Assert.Single(won, w => w);
    }

    [Fact]
    public async Task TryAllocateAsync_AfterAFailedBatch_NextAllocationCommits()
    {
        using var store = new SqliteStatusListStore(_directory.Open());
        Assert.True(await store.TryAllocateAsync(Entry(1, "t1"), TestData.Start, default));

        Rename("status_list_entries", "status_list_away");
        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(async () => await store.TryAllocateAsync(Entry(2, "t2"), TestData.Start, default));
        Rename("status_list_away", "status_list_entries");

        Assert.True(await store.TryAllocateAsync(Entry(3, "t3"), TestData.Start, default));
        Assert.Equal(1, await store.RevokeTokenAsync("t3", default));
        Assert.Equal(0, await store.RevokeTokenAsync("t2", default));
    }

    [Fact]
    public async Task PooledConnections_AfterAllocations_StillCommitWithSynchronousFull()
    {
        var database = _directory.Open();
        using var store = new SqliteStatusListStore(database);
        Assert.True(await store.TryAllocateAsync(Entry(1, "t1"), TestData.Start, default));

        // The allocation connection relaxes synchronous for itself only; every other connection keeps FULL (2).
        await using var other = await database.OpenConnectionAsync(default);
        await using var pragma = other.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous;";
        Assert.Equal(2L, (long)(await pragma.ExecuteScalarAsync())!);
    }

    private void Rename(string from, string to)
    {
        using var raw = _directory.OpenRawConnection();
        using var rename = raw.CreateCommand();
        rename.CommandText = $"ALTER TABLE {from} RENAME TO {to};";
        rename.ExecuteNonQuery();
    }
}
