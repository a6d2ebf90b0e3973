using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The block-lease part of the <see cref="IStatusListStore"/> contract (draft-ietf-oauth-status-list,
/// reuse of indexes): a block is leased to one caller at a time, across stores sharing one database, and becomes
/// leasable again only once its reusable time has passed; revoking by token, agent and key finds tokens given indexes
/// of a leased block.</summary>
public abstract class StatusListBlockConformanceTests
{
    private IStatusListStore? _store;

    /// <summary>A clock for lease times.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The store under test, created once per test.</summary>
    protected IStatusListStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IStatusListStore CreateStore();

    /// <summary>Another store over the same data as <see cref="Store"/> (another node); the same instance for a
    /// process-local provider.</summary>
    protected virtual IStatusListStore CreatePeerStore() => Store;

    private DateTimeOffset Now => Time.GetUtcNow();

    private DateTimeOffset InAnHour => Now + TimeSpan.FromHours(1);

    [Fact(DisplayName = "draft-ietf-oauth-status-list (index reuse): a leased block cannot be leased again before its reusable time")]
    public async Task TryLeaseBlockAsync_HeldBlock_Fails_OtherBlocksAndListsSucceed()
    {
        Assert.True(await Store.TryLeaseBlockAsync(1, 5, InAnHour, Now, default));
        Assert.False(await Store.TryLeaseBlockAsync(1, 5, InAnHour, Now, default));
        Assert.False(await CreatePeerStore().TryLeaseBlockAsync(1, 5, InAnHour, Now + TimeSpan.FromMinutes(59), default));
        Assert.True(await Store.TryLeaseBlockAsync(1, 6, InAnHour, Now, default));
        Assert.True(await Store.TryLeaseBlockAsync(2, 5, InAnHour, Now, default));
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list (index reuse): a block is reusable only after its reusable time")]
    public async Task TryLeaseBlockAsync_AfterReusableTime_Succeeds()
    {
        var reusableAt = InAnHour;
        Assert.True(await Store.TryLeaseBlockAsync(1, 0, reusableAt, Now, default));
        Assert.False(await Store.TryLeaseBlockAsync(1, 0, reusableAt + TimeSpan.FromHours(1), reusableAt, default));
        Assert.True(await Store.TryLeaseBlockAsync(1, 0, reusableAt + TimeSpan.FromHours(1), reusableAt + TimeSpan.FromSeconds(1), default));
    }

    [Fact]
    public async Task ReleaseBlockAsync_BringsReusableTimeForward_NeverBack()
    {
        Assert.True(await Store.TryLeaseBlockAsync(1, 3, InAnHour, Now, default));
        var lastExpiry = Now + TimeSpan.FromMinutes(6);
        await Store.ReleaseBlockAsync(1, 3, lastExpiry, default);
        Assert.False(await Store.TryLeaseBlockAsync(1, 3, InAnHour, lastExpiry, default));
        Assert.True(await Store.TryLeaseBlockAsync(1, 3, InAnHour, lastExpiry + TimeSpan.FromSeconds(1), default));

        // Releasing to a later time than the lease's does not extend it.
        await Store.ReleaseBlockAsync(1, 3, InAnHour + TimeSpan.FromHours(5), default);
        Assert.True(await Store.TryLeaseBlockAsync(1, 3, InAnHour, InAnHour + TimeSpan.FromSeconds(1), default));
    }

    [Fact]
    public async Task TryLeaseBlockAsync_TwoStoresInParallel_NeverLeaseOneBlockTwice()
    {
        var stores = new[] { Store, CreatePeerStore() };
        var now = Now;
        var attempts = Enumerable.Range(0, 64).Select(i => (Store: stores[i % 2], Block: i / 4)).ToArray();
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(async () => (a.Block, Won: await a.Store.TryLeaseBlockAsync(1, a.Block, now + TimeSpan.FromHours(1), now, default)))));

        // 16 blocks, four callers each (two per store): exactly one winner per block.
        Assert.All(results.GroupBy(r => r.Block), g => Assert.Equal(1, g.Count(r => r.Won)));
    }

    [Fact]
    public async Task RevokeAsync_TokensGivenIndexesOfALeasedBlock_SetsTheirBits()
    {
        Assert.True(await Store.TryLeaseBlockAsync(1, 2, InAnHour, Now, default));
        var indexes = new[] { 2 * 1024 + 17, 2 * 1024 + 3, 2 * 1024 + 900 };
        string[] subjects = ["agt_a", "agt_a", "agt_b"];
        string[] keys = ["k1", "k2", "k2"];
        for (var i = 0; i < indexes.Length; i++)
        {
            var entry = new StatusListEntry
            {
                ListId = 1,
                Index = indexes[i],
                TokenId = "t" + i,
                Subject = subjects[i],
                ClientId = subjects[i],
                KeyId = keys[i],
                IssuedAt = Now,
                ExpiresAt = Now + TimeSpan.FromMinutes(5),
            };
            Assert.True(await Store.TryAllocateAsync(entry, Now, default));
        }

        Assert.Equal(1, await Store.RevokeTokenAsync("t2", default));
        Assert.Equal(new[] { 2 * 1024 + 900 }, (await Store.ListRevokedAsync(1, default)).Order());
        Assert.Equal(2, await Store.RevokeAgentAsync("agt_a", Now, Now, default));
        Assert.Equal(new[] { 2 * 1024 + 3, 2 * 1024 + 17, 2 * 1024 + 900 }, (await Store.ListRevokedAsync(1, default)).Order());
        Assert.Equal(2, await Store.RevokeKeyAsync("k2", Now, default));
    }
}
