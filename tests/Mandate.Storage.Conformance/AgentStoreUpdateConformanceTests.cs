namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IAgentStore"/> contract for UpdateAsync (optimistic concurrency) and TouchAsync.</summary>
public abstract class AgentStoreUpdateConformanceTests
{
    private IAgentStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IAgentStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IAgentStore CreateStore();

    [Fact]
    public async Task UpdateAsync_ExpectedVersionMatches_ReplacesAndIncrementsVersion()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_u"), default);
        var changed = TestData.FullAgent("agt_u") with { LastUsedAt = null };

        Assert.True(await Store.UpdateAsync(changed, expectedVersion: 0, default));

        var found = await Store.FindAsync("agt_u", default);
        Assert.NotNull(found);
        Assert.Equal(1, found.Version);
        Assert.Equal(changed.Name, found.Name);
        Assert.Equal(changed.AllowedScopes, found.AllowedScopes);
        Assert.Equal(changed.SecretHash, found.SecretHash);
        Assert.Equal(AgentStatus.Suspended, found.Status);
        TestData.AssertUtc(changed.ExpiresAt, found.ExpiresAt);
    }

    [Fact]
    public async Task UpdateAsync_WrongVersion_ReturnsFalseAndKeepsStored()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_w") with { Name = "original" }, default);

        Assert.False(await Store.UpdateAsync(TestData.MinimalAgent("agt_w") with { Name = "lost" }, 5, default));

        var found = await Store.FindAsync("agt_w", default);
        Assert.Equal("original", found!.Name);
        Assert.Equal(0, found.Version);
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_ReturnsFalseAndCreatesNothing()
    {
        Assert.False(await Store.UpdateAsync(TestData.MinimalAgent("agt_none"), 0, default));

        Assert.Null(await Store.FindAsync("agt_none", default));
    }

    [Fact]
    public async Task UpdateAsync_VersionOnTheRecord_IsIgnored()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_x"), default);

        Assert.True(await Store.UpdateAsync(TestData.MinimalAgent("agt_x") with { Version = 99 }, 0, default));

        Assert.Equal(1, (await Store.FindAsync("agt_x", default))!.Version);
    }

    [Fact]
    public async Task UpdateAsync_Repeated_VersionIncrementsEachTimeAndStaleVersionFails()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_r"), default);

        Assert.True(await Store.UpdateAsync(TestData.MinimalAgent("agt_r") with { Name = "1" }, 0, default));
        Assert.True(await Store.UpdateAsync(TestData.MinimalAgent("agt_r") with { Name = "2" }, 1, default));
        Assert.False(await Store.UpdateAsync(TestData.MinimalAgent("agt_r") with { Name = "stale" }, 1, default));

        var found = await Store.FindAsync("agt_r", default);
        Assert.Equal(2, found!.Version);
        Assert.Equal("2", found.Name);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentWithSameExpectedVersion_ExactlyOneWins()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_c"), default);

        var results = await TestData.RunInParallelAsync(20, async i =>
            await Store.UpdateAsync(TestData.MinimalAgent("agt_c") with { Name = "w" + i }, 0, default));

        Assert.Single(results, r => r);
        var found = await Store.FindAsync("agt_c", default);
        Assert.Equal(1, found!.Version);
        Assert.Equal("w" + Array.IndexOf(results, true), found.Name);
    }

    [Fact]
    public async Task UpdateAsync_StaleLastUsedAt_KeepsTheLaterTime()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_l"), default);
        var read = await Store.FindAsync("agt_l", default);
        var touched = TestData.Start.AddMinutes(10);
        await Store.TouchAsync(new Dictionary<string, DateTimeOffset> { ["agt_l"] = touched }, default);

        Assert.True(await Store.UpdateAsync(read! with { Status = AgentStatus.Suspended }, 0, default));

        var found = await Store.FindAsync("agt_l", default);
        Assert.Equal(AgentStatus.Suspended, found!.Status);
        TestData.AssertUtc(touched, found.LastUsedAt);
    }

    [Fact]
    public async Task TouchAsync_KnownAndUnknownIds_SetsKnownIgnoresUnknownKeepsVersion()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_t1"), default);
        await Store.CreateAsync(TestData.MinimalAgent("agt_t2"), default);
        var t1 = new DateTimeOffset(2030, 1, 2, 12, 0, 0, TimeSpan.FromHours(3)).AddTicks(3);
        var t2 = TestData.Start.AddSeconds(1);

        await Store.TouchAsync(
            new Dictionary<string, DateTimeOffset> { ["agt_t1"] = t1, ["agt_unknown"] = t2, ["agt_t2"] = t2 }, default);

        var first = await Store.FindAsync("agt_t1", default);
        TestData.AssertUtc(t1, first!.LastUsedAt);
        Assert.Equal(0, first.Version);
        TestData.AssertUtc(t2, (await Store.FindAsync("agt_t2", default))!.LastUsedAt);
        Assert.Null(await Store.FindAsync("agt_unknown", default));
        Assert.Equal(2, (await Store.ListAsync(default)).Count);
    }

    [Fact]
    public async Task TouchAsync_EarlierTime_NeverMovesBackwards()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_b"), default);
        var later = TestData.Start.AddHours(2);
        await Store.TouchAsync(new Dictionary<string, DateTimeOffset> { ["agt_b"] = later }, default);

        // An earlier instant written with a larger local clock reading (+10:00) must still lose.
        var earlier = TestData.Start.AddHours(1).ToOffset(TimeSpan.FromHours(10));
        await Store.TouchAsync(new Dictionary<string, DateTimeOffset> { ["agt_b"] = earlier }, default);

        TestData.AssertUtc(later, (await Store.FindAsync("agt_b", default))!.LastUsedAt);
    }

    [Fact]
    public async Task TouchAsync_LaterTime_MovesForward()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_f") with { LastUsedAt = TestData.Start }, default);
        var later = TestData.Start.AddTicks(1);

        await Store.TouchAsync(new Dictionary<string, DateTimeOffset> { ["agt_f"] = later }, default);

        TestData.AssertUtc(later, (await Store.FindAsync("agt_f", default))!.LastUsedAt);
    }

    [Fact]
    public async Task TouchAsync_EmptyBatch_DoesNothing()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_e"), default);

        await Store.TouchAsync(new Dictionary<string, DateTimeOffset>(), default);

        Assert.Null((await Store.FindAsync("agt_e", default))!.LastUsedAt);
    }

    [Fact]
    public async Task TouchAsync_ConcurrentBatches_KeepTheLatestTime()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_p"), default);

        await TestData.RunInParallelAsync(20, async i =>
        {
            await Store.TouchAsync(new Dictionary<string, DateTimeOffset> { ["agt_p"] = TestData.Start.AddSeconds(i) }, default);
            return i;
        });

        TestData.AssertUtc(TestData.Start.AddSeconds(19), (await Store.FindAsync("agt_p", default))!.LastUsedAt);
    }
}
