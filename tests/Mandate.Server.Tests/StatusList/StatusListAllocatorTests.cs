using Mandate.Server.StatusList;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.Tests.StatusList;

/// <summary>Index allocation from leased blocks: unique indexes, shuffled within a block, one lease per block shared by
/// nodes without overlap, a new block when the lease ends, and early release once the last token has expired.</summary>
public sealed class StatusListAllocatorTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStatusListStore _store = new();
    private readonly StatusListOptions _options = new() { ListSize = 1 << 16, ListCount = 2 };
    private readonly MandateServerOptions _server = new();

    private StatusListAllocator Node()
    {
        var uris = new StatusListUris(new IssuerUris("https://as.example.test"), Options.Create(_options));
        var leaser = new StatusListBlockLeaser(_store, Options.Create(_options), Options.Create(_server), _time);
        return new StatusListAllocator(_store, leaser, uris, Options.Create(_server), _time, NullLogger<StatusListAllocator>.Instance);
    }

    private async Task<StatusReference> AllocateAsync(StatusListAllocator node, string jti, string subject = "agt_a")
    {
        var iat = _time.GetUtcNow().ToUnixTimeSeconds();
        return await node.AllocateAsync(jti, subject, subject, "k1", iat, iat + (long)Lifetime.TotalSeconds, default);
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list privacy considerations: indexes of a block are unique and not handed out in order")]
    public async Task AllocateAsync_OneBlock_UniqueShuffledIndexesOfOneBlock()
    {
        var node = Node();
        var indexes = new List<int>();
        for (var i = 0; i < 512; i++)
        {
            indexes.Add((await AllocateAsync(node, "t" + i)).Index);
        }

        Assert.Equal(512, indexes.Distinct().Count());
        Assert.Single(indexes.Select(i => i / StatusListBlockLeaser.MaxBlockSize).Distinct());
        Assert.NotEqual(indexes.Order(), indexes);
    }

    [Fact]
    public async Task AllocateAsync_TwoNodesSharingAStore_NeverShareAnIndex()
    {
        StatusListAllocator[] nodes = [Node(), Node()];
        var references = await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => Task.Run(() => AllocateAsync(nodes[i % 2], "t" + i))));

        Assert.Equal(3000, references.Select(r => (r.ListId, r.Index)).Distinct().Count());
    }

    [Fact]
    public async Task AllocateAsync_AfterTheLeaseEnds_TakesAnotherBlock_AndReleasesTheOldOneAfterItsLastToken()
    {
        var node = Node();
        var first = await AllocateAsync(node, "t1");
        var block = first.Index / StatusListBlockLeaser.MaxBlockSize;
        var lastExpiry = _time.GetUtcNow() + Lifetime;

        _time.Advance(_options.BlockLeaseDuration);
        var second = await AllocateAsync(node, "t2");
        Assert.NotEqual((first.ListId, block), (second.ListId, second.Index / StatusListBlockLeaser.MaxBlockSize));

        // Released in the background to t1's exp plus the clock skew, not to the lease's end plus the maximum lifetime.
        var reusable = lastExpiry + _server.ClockSkew;
        await WaitUntilAsync(async () => await _store.TryLeaseBlockAsync(first.ListId, block, reusable, reusable + TimeSpan.FromSeconds(1), default));
        Assert.False(await _store.TryLeaseBlockAsync(first.ListId, block, reusable, reusable, default));
    }

    [Fact]
    public async Task AllocateAsync_RevokeByAgent_SetsTheBitOfEveryTokenOfTheAgent()
    {
        var node = Node();
        var mine = new List<StatusReference>();
        for (var i = 0; i < 40; i++)
        {
            mine.Add(await AllocateAsync(node, "a" + i, "agt_a"));
            await AllocateAsync(node, "b" + i, "agt_b");
        }

        Assert.Equal(40, await _store.RevokeAgentAsync("agt_a", _time.GetUtcNow(), _time.GetUtcNow(), default));
        var revoked = await _store.ListRevokedAsync(mine[0].ListId, default);
        Assert.Equal(mine.Select(r => r.Index).Order(), revoked.Order());
    }

    [Fact]
    public async Task AllocateAsync_EveryBlockLeased_ThrowsStatusListFull()
    {
        _options.ListSize = 1024;
        _options.ListCount = 1;
        _options.AllocationAttempts = 64;
        for (var block = 0; block < 16; block++)
        {
            Assert.True(await _store.TryLeaseBlockAsync(1, block, _time.GetUtcNow() + TimeSpan.FromHours(2), _time.GetUtcNow(), default));
        }

        await Assert.ThrowsAsync<StatusListFullException>(() => AllocateAsync(Node(), "t1"));
    }

    [Fact]
    public async Task AllocateAsync_PrefetchFailedWhileTheStoreWasDown_NextBlockIsLeasedAfresh_NoStaleError()
    {
        var store = new FlakyLeaseStore(_store);
        var uris = new StatusListUris(new IssuerUris("https://as.example.test"), Options.Create(_options));
        var leaser = new StatusListBlockLeaser(store, Options.Create(_options), Options.Create(_server), _time);
        var node = new StatusListAllocator(store, leaser, uris, Options.Create(_server), _time, NullLogger<StatusListAllocator>.Instance);
        await AllocateAsync(node, "t0");

        // The store goes down; the prefetch at half the block fails in the background.
        store.Down = true;
        var half = StatusListBlockLeaser.MaxBlockSize / 2;
        for (var i = 1; i <= half; i++)
        {
            await AllocateAsync(node, "t" + i);
        }

        await WaitUntilAsync(() => Task.FromResult(store.FailedLeases > 0));
        store.Down = false;

        // Back up: the rest of the block and the tokens after it are served; the failed prefetch is not rethrown.
        for (var i = half + 1; i < StatusListBlockLeaser.MaxBlockSize + 10; i++)
        {
            await AllocateAsync(node, "t" + i);
        }

        Assert.True(store.FailedLeases > 0);
    }

    // The early release and the prefetch run off the token's path; wait for them, bounded (generously: the test
    // projects run in parallel on two cores in CI, and a background task can wait for a thread).
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 1_000; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("condition not met within 10 s");
    }

    /// <summary>A store whose block leases fail while <see cref="Down"/> is set (an outage); holder rows still work.</summary>
    private sealed class FlakyLeaseStore(IStatusListStore inner) : IStatusListStore
    {
        private int _failedLeases;

        public volatile bool Down;

        public int FailedLeases => Volatile.Read(ref _failedLeases);

        public ValueTask<bool> TryAllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore, CancellationToken cancellationToken) =>
            inner.TryAllocateAsync(entry, reusableBefore, cancellationToken);

        public ValueTask<bool> TryLeaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (Down)
            {
                Interlocked.Increment(ref _failedLeases);
                throw new IOException("store down");
            }

            return inner.TryLeaseBlockAsync(listId, block, reusableAt, now, cancellationToken);
        }

        public ValueTask ReleaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, CancellationToken cancellationToken) =>
            inner.ReleaseBlockAsync(listId, block, reusableAt, cancellationToken);

        public ValueTask<int> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken) => inner.RevokeTokenAsync(tokenId, cancellationToken);

        public ValueTask<int> RevokeAgentAsync(string agentId, DateTimeOffset issuedAtOrBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RevokeAgentAsync(agentId, issuedAtOrBefore, now, cancellationToken);

        public ValueTask<int> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken) => inner.RevokeKeyAsync(keyId, now, cancellationToken);

        public ValueTask<IReadOnlyList<int>> ListRevokedAsync(int listId, CancellationToken cancellationToken) => inner.ListRevokedAsync(listId, cancellationToken);
    }
}
