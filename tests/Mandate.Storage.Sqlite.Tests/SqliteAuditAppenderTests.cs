using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>
/// The append path keeps one connection open across batches; a failed batch must roll back whole and
/// must not poison the batches after it.
/// </summary>
public sealed class SqliteAuditAppenderTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    [Fact]
    public async Task AppendAsync_FailedBatch_StoresNothingAndTheNextBatchCommits()
    {
        using var store = new SqliteAuditStore(_directory.Open());
        await store.AppendAsync([AuditStoreConformanceTests.FullRecord("before", TestData.Start)], default);

        // The 40th record of the batch breaks NOT NULL on type, after 39 rows were inserted in its transaction.
        var broken = Enumerable.Range(0, 40)
            .Select(i => AuditStoreConformanceTests.FullRecord("broken" + i, TestData.Start) with { Type = i == 39 ? null! : AuditEventTypes.TokenIssued })
            .ToArray();
        await Assert.ThrowsAnyAsync<Exception>(async () => await store.AppendAsync(broken, default));

        await store.AppendAsync([AuditStoreConformanceTests.FullRecord("after", TestData.Start)], default);

        var all = await store.QueryAsync(new AuditQuery(), default);
        Assert.Equal(["before", "after"], all.Select(r => r.TokenId));
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_Throws()
    {
        var store = new SqliteAuditStore(_directory.Open());
        await store.AppendAsync([AuditStoreConformanceTests.FullRecord("a", TestData.Start)], default);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.AppendAsync([AuditStoreConformanceTests.FullRecord("b", TestData.Start)], default));
    }

    [Fact]
    public async Task Checkpointer_CopiesTheWalIntoTheDatabaseFile_OffTheCommitPath()
    {
        var database = _directory.Open();
        using var appender = new SqliteAuditAppender(database);
        var sizeBefore = new FileInfo(_directory.DatabasePath).Length;

        // One batch of 256 small records is a few dozen WAL frames: far below the 1000 of SQLite's own
        // automatic checkpoint, so only the background checkpoint can have written the database file.
        var records = Enumerable.Range(0, SqliteAuditAppender.CheckpointEveryRecords)
            .Select(i => AuditStoreConformanceTests.FullRecord("j" + i, TestData.Start))
            .ToArray();
        await appender.AppendAsync(records, default);

        await WaitUntil(() => appender.Checkpointer.Completed >= 1);
        Assert.True(new FileInfo(_directory.DatabasePath).Length > sizeBefore);
        Assert.Equal((long)records.Length, _directory.Scalar("SELECT count(*) FROM audit_records;"));
    }

    [Fact]
    public async Task Checkpointer_IsNotStarted_BeforeEnoughRecords_AndStopsOnDispose()
    {
        var appender = new SqliteAuditAppender(_directory.Open());
        await appender.AppendAsync([AuditStoreConformanceTests.FullRecord("a", TestData.Start)], default);
        Assert.False(appender.Checkpointer.IsRunning);

        var records = Enumerable.Range(0, SqliteAuditAppender.CheckpointEveryRecords)
            .Select(i => AuditStoreConformanceTests.FullRecord("j" + i, TestData.Start))
            .ToArray();
        await appender.AppendAsync(records, default);
        Assert.True(appender.Checkpointer.IsRunning);

        appender.Dispose();
        Assert.False(appender.Checkpointer.IsRunning);
    }

    public void Dispose() => _directory.Dispose();

    // Waits for a background thread's effect; fails after 10 s rather than hanging.
    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
