using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IRevocationStore"/> contract: an append-only log whose sequence is the feed cursor.</summary>
public abstract class RevocationStoreConformanceTests
{
    private IRevocationStore? _store;

    /// <summary>A clock for building event times.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The store under test, created once per test.</summary>
    protected IRevocationStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IRevocationStore CreateStore();

    private RevocationEvent Event(string subject, RevocationKind kind = RevocationKind.Token, TimeSpan? lifetime = null) => new()
    {
        Kind = kind,
        Subject = subject,
        At = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow() + (lifetime ?? TimeSpan.FromMinutes(5)),
    };

    [Fact]
    public async Task GetHeadAsync_Empty_IsZero()
    {
        Assert.Equal(0, await Store.GetHeadAsync(default));
        Assert.Empty(await Store.ListAfterAsync(0, 10, default));
    }

    [Fact]
    public async Task AppendAsync_AssignsIncreasingSequences_AndRoundTripsFields()
    {
        var first = await Store.AppendAsync(Event("jti-1"), default);
        var second = await Store.AppendAsync(Event("agt_x", RevocationKind.AgentNotBefore, TimeSpan.FromHours(1)), default);

        Assert.True(first.Sequence > 0);
        Assert.True(second.Sequence > first.Sequence);
        Assert.Equal(second.Sequence, await Store.GetHeadAsync(default));

        var listed = await Store.ListAfterAsync(0, 10, default);
        Assert.Equal(2, listed.Count);
        Assert.Equal(first, listed[0]);
        Assert.Equal(RevocationKind.AgentNotBefore, listed[1].Kind);
        Assert.Equal("agt_x", listed[1].Subject);
        Assert.Equal(Time.GetUtcNow(), listed[1].At);
        Assert.Equal(Time.GetUtcNow().AddHours(1), listed[1].ExpiresAt);
    }

    [Fact]
    public async Task ListAfterAsync_ReturnsOnlyLaterEvents_InOrder_UpToMaxCount()
    {
        var appended = new List<RevocationEvent>();
        for (var i = 0; i < 5; i++)
        {
            appended.Add(await Store.AppendAsync(Event("jti-" + i), default));
        }

        var page = await Store.ListAfterAsync(appended[1].Sequence, 2, default);

        Assert.Equal(["jti-2", "jti-3"], page.Select(e => e.Subject));
        Assert.Empty(await Store.ListAfterAsync(appended[4].Sequence, 10, default));
    }

    [Fact]
    public async Task PurgeExpiredAsync_RemovesExpiredEvents_HeadAndLaterSequencesUnaffected()
    {
        var shortLived = await Store.AppendAsync(Event("short", lifetime: TimeSpan.FromMinutes(1)), default);
        var longLived = await Store.AppendAsync(Event("long", lifetime: TimeSpan.FromHours(1)), default);

        Assert.Equal(1, await Store.PurgeExpiredAsync(Time.GetUtcNow().AddMinutes(1), default));

        Assert.Equal(["long"], (await Store.ListAfterAsync(0, 10, default)).Select(e => e.Subject));
        Assert.Equal(longLived.Sequence, await Store.GetHeadAsync(default));
        var next = await Store.AppendAsync(Event("next"), default);
        Assert.True(next.Sequence > longLived.Sequence && next.Sequence > shortLived.Sequence);
    }

    [Fact]
    public async Task PurgeExpiredAsync_EverythingExpired_HeadIsKept()
    {
        var last = await Store.AppendAsync(Event("a", lifetime: TimeSpan.FromSeconds(1)), default);
        await Store.PurgeExpiredAsync(Time.GetUtcNow().AddMinutes(1), default);

        Assert.Equal(last.Sequence, await Store.GetHeadAsync(default));
        Assert.True((await Store.AppendAsync(Event("b"), default)).Sequence > last.Sequence);
    }

    [Fact]
    public async Task AppendAsync_Parallel_AllSequencesDistinct()
    {
        var results = await TestData.RunInParallelAsync(40, async i => (await Store.AppendAsync(Event("jti-" + i), default)).Sequence);

        Assert.Equal(40, results.Distinct().Count());
        Assert.Equal(40, (await Store.ListAfterAsync(0, 100, default)).Count);
    }
}
