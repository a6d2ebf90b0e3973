using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IStatusListStore"/> contract: collision-free index allocation, reuse only after the holder
/// expired, and revoked bits set by token, agent and key.</summary>
public abstract class StatusListStoreConformanceTests
{
    private IStatusListStore? _store;

    /// <summary>A clock for building entry times.</summary>
    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    /// <summary>The store under test, created once per test.</summary>
    protected IStatusListStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IStatusListStore CreateStore();

    private DateTimeOffset Now => Time.GetUtcNow();

    private StatusListEntry Entry(int index, string jti, string subject = "agt_a", string? clientId = null, string kid = "k1", int list = 1, TimeSpan? lifetime = null) => new()
    {
        ListId = list,
        Index = index,
        TokenId = jti,
        Subject = subject,
        ClientId = clientId ?? subject,
        KeyId = kid,
        IssuedAt = Now,
        ExpiresAt = Now + (lifetime ?? TimeSpan.FromMinutes(5)),
    };

    private async Task<int[]> RevokedAsync(int list = 1) => [.. (await Store.ListRevokedAsync(list, default)).Order()];

    [Fact]
    public async Task TryAllocateAsync_FreeIndex_Succeeds_AndNothingIsRevoked()
    {
        Assert.True(await Store.TryAllocateAsync(Entry(7, "t1"), Now, default));
        Assert.Empty(await RevokedAsync());
    }

    [Fact]
    public async Task TryAllocateAsync_IndexHeldByUnexpiredToken_Fails()
    {
        Assert.True(await Store.TryAllocateAsync(Entry(7, "t1"), Now, default));
        Assert.False(await Store.TryAllocateAsync(Entry(7, "t2"), Now, default));

        // The first holder keeps the index: revoking it sets the bit, revoking the loser sets nothing.
        Assert.Equal(0, await Store.RevokeTokenAsync("t2", default));
        Assert.Equal(1, await Store.RevokeTokenAsync("t1", default));
        Assert.Equal(new[] { 7 }, await RevokedAsync());
    }

    [Fact]
    public async Task TryAllocateAsync_SameIndexInAnotherList_Succeeds()
    {
        Assert.True(await Store.TryAllocateAsync(Entry(7, "t1", list: 1), Now, default));
        Assert.True(await Store.TryAllocateAsync(Entry(7, "t2", list: 2), Now, default));

        await Store.RevokeTokenAsync("t2", default);
        Assert.Empty(await RevokedAsync(1));
        Assert.Equal(new[] { 7 }, await RevokedAsync(2));
    }

    [Fact]
    public async Task TryAllocateAsync_HolderExpiredBeforeReusableBefore_ReusesIndex_AndClearsItsBit()
    {
        await Store.TryAllocateAsync(Entry(3, "old", lifetime: TimeSpan.FromMinutes(1)), Now, default);
        await Store.RevokeTokenAsync("old", default);
        Time.Advance(TimeSpan.FromMinutes(2));

        // Still held while its exp is not before reusableBefore (the caller's clock-skew margin).
        Assert.False(await Store.TryAllocateAsync(Entry(3, "new"), Now - TimeSpan.FromMinutes(1), default));
        Assert.Equal(new[] { 3 }, await RevokedAsync());

        Assert.True(await Store.TryAllocateAsync(Entry(3, "new"), Now, default));
        Assert.Empty(await RevokedAsync());
        Assert.Equal(0, await Store.RevokeTokenAsync("old", default));
        Assert.Equal(1, await Store.RevokeTokenAsync("new", default));
    }

    [Fact]
    public async Task TryAllocateAsync_ConcurrentCallersForOneIndex_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await Store.TryAllocateAsync(Entry(42, "t" + i), Now, default))));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task RevokeTokenAsync_UnknownToken_SetsNothing()
    {
        await Store.TryAllocateAsync(Entry(1, "t1"), Now, default);
        Assert.Equal(0, await Store.RevokeTokenAsync("nobody", default));
        Assert.Empty(await RevokedAsync());
    }

    [Fact]
    public async Task RevokeAgentAsync_SetsBitsOfTokensWithThatSubjectOrClientId_IssuedUpToTheMark()
    {
        await Store.TryAllocateAsync(Entry(1, "own", subject: "agt_a"), Now, default);
        await Store.TryAllocateAsync(Entry(2, "delegated", subject: "alice", clientId: "agt_a"), Now, default);
        await Store.TryAllocateAsync(Entry(3, "other", subject: "agt_b"), Now, default);
        var mark = Now;
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.TryAllocateAsync(Entry(4, "after-mark", subject: "agt_a"), Now, default);

        Assert.Equal(2, await Store.RevokeAgentAsync("agt_a", mark, Now, default));
        Assert.Equal(new[] { 1, 2 }, await RevokedAsync());
    }

    [Fact]
    public async Task RevokeAgentAsync_LeavesExpiredTokensAlone()
    {
        await Store.TryAllocateAsync(Entry(1, "short", lifetime: TimeSpan.FromSeconds(30)), Now, default);
        await Store.TryAllocateAsync(Entry(2, "long"), Now, default);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, await Store.RevokeAgentAsync("agt_a", Now, Now, default));
        Assert.Equal(new[] { 2 }, await RevokedAsync());
    }

    [Fact]
    public async Task RevokeKeyAsync_SetsBitsOfUnexpiredTokensSignedByThatKey()
    {
        await Store.TryAllocateAsync(Entry(1, "a", kid: "k1"), Now, default);
        await Store.TryAllocateAsync(Entry(2, "b", kid: "k2"), Now, default);
        await Store.TryAllocateAsync(Entry(3, "c", kid: "k1", list: 2), Now, default);
        await Store.TryAllocateAsync(Entry(4, "d", kid: "k1", lifetime: TimeSpan.FromSeconds(10)), Now, default);
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(2, await Store.RevokeKeyAsync("k1", Now, default));
        Assert.Equal(new[] { 1 }, await RevokedAsync(1));
        Assert.Equal(new[] { 3 }, await RevokedAsync(2));
    }

    [Fact]
    public async Task RevokeTokenAsync_Twice_KeepsOneBit()
    {
        await Store.TryAllocateAsync(Entry(9, "t"), Now, default);
        await Store.RevokeTokenAsync("t", default);
        await Store.RevokeTokenAsync("t", default);
        Assert.Equal(new[] { 9 }, await RevokedAsync());
    }

    [Fact]
    public async Task TryAllocateAsync_ManyConcurrentCallersForDistinctIndexes_AllWin_AndEachBitIsItsOwn()
    {
        var won = await TestData.RunInParallelAsync(16, async i => await Store.TryAllocateAsync(Entry(i, "t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Now, default));

        Assert.All(won, Assert.True);
        Assert.Equal(1, await Store.RevokeTokenAsync("t12", default));
        Assert.Equal(1, await Store.RevokeTokenAsync("t7", default));
        Assert.Equal(new[] { 7, 12 }, await RevokedAsync());
    }
}
