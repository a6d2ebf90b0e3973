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

    public void Dispose() => _directory.Dispose();
}
