using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="ISecurityEventStore"/> contract: streams owned by a client, events queued per stream, push
/// claims that hand each due event to one caller, polls oldest first, acknowledgement and retention.</summary>
public abstract class SecurityEventStoreConformanceTests
{
    private ISecurityEventStore? _store;

    /// <summary>A clock for building times.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The store under test, created once per test.</summary>
    protected ISecurityEventStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract ISecurityEventStore CreateStore();

    private DateTimeOffset Now => Time.GetUtcNow();

    private SecurityEventStream Stream(string id, string client = "agt_r") => new()
    {
        StreamId = id,
        ClientId = client,
        Status = "enabled",
        Configuration = """{"delivery":{"method":"urn:ietf:rfc:8936"}}""",
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private PendingSecurityEvent Event(string stream, string id, bool push = false, TimeSpan? retention = null) => new()
    {
        StreamId = stream,
        EventId = id,
        Token = "header.payload-" + id + ".signature",
        CreatedAt = Now,
        ExpiresAt = Now + (retention ?? TimeSpan.FromDays(1)),
        NextAttemptAt = push ? Now : null,
    };

    private async Task AddStreamAsync(string id, string client = "agt_r")
    {
        await Store.CreateStreamAsync(Stream(id, client), default);
        Time.Advance(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task CreateStreamAsync_ThenGet_RoundTripsEveryField()
    {
        var stream = Stream("s1") with { StatusReason = "why" };
        await Store.CreateStreamAsync(stream, default);

        Assert.Equal(stream, await Store.GetStreamAsync("s1", default));
        Assert.Null(await Store.GetStreamAsync("S1", default));
    }

    [Fact]
    public async Task CreateStreamAsync_DuplicateId_Throws()
    {
        await Store.CreateStreamAsync(Stream("s1"), default);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Store.CreateStreamAsync(Stream("s1", "agt_other"), default));
        Assert.Equal("agt_r", (await Store.GetStreamAsync("s1", default))!.ClientId);
    }

    [Fact]
    public async Task ListStreamsAsync_FiltersByClient_InCreationOrder()
    {
        await AddStreamAsync("b", "agt_1");
        await AddStreamAsync("a", "agt_2");
        await AddStreamAsync("c", "agt_1");

        Assert.Equal(["b", "c"], (await Store.ListStreamsAsync("agt_1", default)).Select(s => s.StreamId));
        Assert.Equal(["b", "a", "c"], (await Store.ListStreamsAsync(null, default)).Select(s => s.StreamId));
        Assert.Empty(await Store.ListStreamsAsync("agt_3", default));
    }

    [Fact]
    public async Task UpdateStreamAsync_ChangesStatusAndConfiguration_NotOwner()
    {
        await Store.CreateStreamAsync(Stream("s1"), default);
        Time.Advance(TimeSpan.FromMinutes(1));
        var changed = Stream("s1", "agt_thief") with { Status = "paused", StatusReason = "maintenance", Configuration = "{}", UpdatedAt = Now };

        Assert.True(await Store.UpdateStreamAsync(changed, default));
        var stored = (await Store.GetStreamAsync("s1", default))!;
        Assert.Equal(("paused", "maintenance", "{}", Now), (stored.Status, stored.StatusReason, stored.Configuration, stored.UpdatedAt));
        Assert.Equal("agt_r", stored.ClientId);
        Assert.False(await Store.UpdateStreamAsync(Stream("missing"), default));
    }

    [Fact(DisplayName = "A configuration holding a plaintext header, re-written sealed, is replaced whole in every read (the start-up sealing relies on it)")]
    public async Task UpdateStreamAsync_PlaintextConfigurationRewritten_OldTextGone()
    {
        var plaintext = """{"delivery_method":"urn:ietf:rfc:8935","endpoint_url":"https://r.example.com/e","authorization_header":"Bearer old-secret"}""";
        var sealedText = """{"delivery_method":"urn:ietf:rfc:8935","endpoint_url":"https://r.example.com/e","authorization_header_protected":"bm90LXRoZS1zZWNyZXQ"}""";
        await Store.CreateStreamAsync(Stream("s1") with { Configuration = plaintext }, default);
        var listed = Assert.Single(await Store.ListStreamsAsync(null, default));
        Assert.Equal(plaintext, listed.Configuration);

        Assert.True(await Store.UpdateStreamAsync(listed with { Configuration = sealedText, UpdatedAt = Now }, default));

        Assert.Equal(sealedText, (await Store.GetStreamAsync("s1", default))!.Configuration);
        Assert.Equal(sealedText, Assert.Single(await Store.ListStreamsAsync(null, default)).Configuration);
        Assert.Equal(sealedText, Assert.Single(await Store.ListStreamsAsync("agt_r", default)).Configuration);
    }

    [Fact]
    public async Task DeleteStreamAsync_RemovesStreamAndItsEvents()
    {
        await AddStreamAsync("s1");
        await AddStreamAsync("s2");
        await Store.EnqueueAsync(Event("s1", "e1"), default);
        await Store.EnqueueAsync(Event("s2", "e2"), default);

        Assert.True(await Store.DeleteStreamAsync("s1", default));
        Assert.False(await Store.DeleteStreamAsync("s1", default));
        Assert.Null(await Store.GetStreamAsync("s1", default));
        Assert.Empty(await Store.ListPendingAsync("s1", Now, 10, default));
        Assert.Single(await Store.ListPendingAsync("s2", Now, 10, default));
    }

    [Fact]
    public async Task EnqueueAsync_SameEventTwice_KeepsOne()
    {
        await AddStreamAsync("s1");
        await Store.EnqueueAsync(Event("s1", "e1"), default);
        await Store.EnqueueAsync(Event("s1", "e1") with { Token = "other" }, default);

        var pending = Assert.Single(await Store.ListPendingAsync("s1", Now, 10, default));
        Assert.Equal("header.payload-e1.signature", pending.Token);
    }

    [Fact]
    public async Task ListPendingAsync_OldestFirst_Bounded_SkipsExpired()
    {
        await AddStreamAsync("s1");
        await Store.EnqueueAsync(Event("s1", "short", retention: TimeSpan.FromMinutes(1)), default);
        foreach (var id in new[] { "e1", "e2", "e3" })
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Store.EnqueueAsync(Event("s1", id), default);
        }

        Assert.Equal(["short", "e1"], (await Store.ListPendingAsync("s1", Now, 2, default)).Select(e => e.EventId));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["e1", "e2", "e3"], (await Store.ListPendingAsync("s1", Now, 10, default)).Select(e => e.EventId));
    }

    [Fact]
    public async Task RemoveAsync_AcknowledgedEvents_AreGone_UnknownIgnored()
    {
        await AddStreamAsync("s1");
        await AddStreamAsync("s2");
        await Store.EnqueueAsync(Event("s1", "e1"), default);
        await Store.EnqueueAsync(Event("s1", "e2"), default);
        await Store.EnqueueAsync(Event("s2", "e1"), default);

        Assert.Equal(1, await Store.RemoveAsync("s1", ["e1", "unknown"], default));
        Assert.Equal(0, await Store.RemoveAsync("s1", [], default));
        Assert.Equal(["e2"], (await Store.ListPendingAsync("s1", Now, 10, default)).Select(e => e.EventId));
        Assert.Single(await Store.ListPendingAsync("s2", Now, 10, default));
    }

    [Fact]
    public async Task ClaimDueAsync_TakesDuePushEventsOnce_UntilTheLeaseEnds()
    {
        await AddStreamAsync("s1");
        await Store.EnqueueAsync(Event("s1", "poll"), default);
        await Store.EnqueueAsync(Event("s1", "push1", push: true), default);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.EnqueueAsync(Event("s1", "push2", push: true), default);
        var lease = Now + TimeSpan.FromSeconds(30);

        var claimed = await Store.ClaimDueAsync(Now, lease, 10, default);

        Assert.Equal(["push1", "push2"], claimed.Select(e => e.EventId));
        Assert.All(claimed, e => Assert.Equal(lease, e.NextAttemptAt));
        Assert.Empty(await Store.ClaimDueAsync(Now, lease, 10, default));
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await Store.ClaimDueAsync(Now, Now + TimeSpan.FromSeconds(30), 10, default)).Count);
    }

    [Fact]
    public async Task ClaimDueAsync_ConcurrentCallers_NeverShareAnEvent()
    {
        await AddStreamAsync("s1");
        for (var i = 0; i < 20; i++)
        {
            await Store.EnqueueAsync(Event("s1", "e" + i, push: true), default);
        }

        var lease = Now + TimeSpan.FromMinutes(1);
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await Store.ClaimDueAsync(Now, lease, 20, default))));

        var ids = claims.SelectMany(c => c).Select(e => e.EventId).ToList();
        Assert.Equal(20, ids.Count);
        Assert.Equal(20, ids.Distinct().Count());
    }

    [Fact]
    public async Task RescheduleAsync_SetsAttemptsAndNextAttempt()
    {
        await AddStreamAsync("s1");
        await Store.EnqueueAsync(Event("s1", "e1", push: true), default);
        Assert.Single(await Store.ClaimDueAsync(Now, Now + TimeSpan.FromMinutes(1), 10, default));

        await Store.RescheduleAsync("s1", "e1", 3, Now + TimeSpan.FromSeconds(5), default);

        Assert.Empty(await Store.ClaimDueAsync(Now, Now + TimeSpan.FromMinutes(1), 10, default));
        Time.Advance(TimeSpan.FromSeconds(5));
        var again = Assert.Single(await Store.ClaimDueAsync(Now, Now + TimeSpan.FromMinutes(1), 10, default));
        Assert.Equal(3, again.Attempts);
    }

    [Fact]
    public async Task PurgeExpiredAsync_DeletesOnlyExpired_AndExpiredAreNeverClaimed()
    {
        await AddStreamAsync("s1");
        await Store.EnqueueAsync(Event("s1", "old", push: true, retention: TimeSpan.FromMinutes(1)), default);
        await Store.EnqueueAsync(Event("s1", "new", push: true, retention: TimeSpan.FromHours(1)), default);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(["new"], (await Store.ClaimDueAsync(Now, Now, 10, default)).Select(e => e.EventId));
        Assert.Equal(1, await Store.PurgeExpiredAsync(Now, default));
        Assert.Equal(["new"], (await Store.ListPendingAsync("s1", Now, 10, default)).Select(e => e.EventId));
    }
}
