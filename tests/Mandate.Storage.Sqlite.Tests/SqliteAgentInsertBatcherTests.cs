using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Concurrent agent creations share transactions (group commit) and each still succeeds or is refused alone.</summary>
public sealed class SqliteAgentInsertBatcherTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CreateAsync_ManyAtOnce_EveryAgentStoredInFewerCommitsWithDistinctChangeNumbers()
    {
        var store = new SqliteAgentStore(_directory.Open());
        using var holder = _directory.OpenRawConnection();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        // The first creation takes the writer gate and waits for the write lock held above; the others queue behind it,
        // so the batching does not depend on how fast this machine happens to be.
        var creations = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => store.CreateAsync(TestData.MinimalAgent("agt_" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), default).AsTask()))
            .ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (store.Inserts.Queued < 199 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        await Task.WhenAll(creations);
        using (var count = holder.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM agents;";
            Assert.True(200L == (long)count.ExecuteScalar()!, $"rows {count.ExecuteScalar()}, commits {store.Inserts.Commits}, queued {store.Inserts.Queued}");
        }

        var reopened = new SqliteAgentStore(_directory.Open());
        Assert.Equal(200, (await reopened.ListAsync(default)).Count);
        Assert.InRange(store.Inserts.Commits, 1, 3);
        var changes = await reopened.ReadChangesAsync(0, 1000, default);
        Assert.Equal(200, changes.AgentIds.Distinct().Count());
    }

    [Fact]
    public async Task CreateAsync_DuplicateIdInTheSameBatch_OneStoredAndTheOtherRefused()
    {
        var store = new SqliteAgentStore(_directory.Open());

        var outcomes = await TestData.RunInParallelAsync(8, async _ =>
        {
            try
            {
                await store.CreateAsync(TestData.MinimalAgent("agt_twin"), default);
                return true;
            }
            catch (DuplicateAgentException)
            {
                return false;
            }
        });

        Assert.Single(outcomes, created => created);
        Assert.NotNull(await store.FindAsync("agt_twin", default));
    }

    [Fact]
    public async Task CreateAsync_AfterAFailedBatch_NextCreationCommits()
    {
        var path = _directory.DatabasePath;
        var database = _directory.Open();
        var store = new SqliteAgentStore(database);
        await store.CreateAsync(TestData.MinimalAgent("agt_first"), default);

        // The table is moved away for one batch, so its insert fails inside the transaction; then it comes back.
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path))
        {
            raw.Open();
            using var rename = raw.CreateCommand();
            rename.CommandText = "ALTER TABLE agents RENAME TO agents_away;";
            rename.ExecuteNonQuery();
        }

        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(async () => await store.CreateAsync(TestData.MinimalAgent("agt_lost"), default));

        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path))
        {
            raw.Open();
            using var rename = raw.CreateCommand();
            rename.CommandText = "ALTER TABLE agents_away RENAME TO agents;";
            rename.ExecuteNonQuery();
        }

        await store.CreateAsync(TestData.MinimalAgent("agt_after"), default);
        Assert.NotNull(await store.FindAsync("agt_after", default));
        Assert.Null(await store.FindAsync("agt_lost", default));
    }
}
