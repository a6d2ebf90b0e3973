namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IAgentChangeFeed"/> contract, for stores that offer it.</summary>
public abstract class AgentChangeFeedConformanceTests
{
    private IAgentStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IAgentStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    private IAgentChangeFeed Feed => Assert.IsAssignableFrom<IAgentChangeFeed>(Store);

    /// <summary>Creates an empty store that implements <see cref="IAgentChangeFeed"/>.</summary>
    protected abstract IAgentStore CreateStore();

    [Fact]
    public async Task ReadChangesAsync_NegativeCursor_ReturnsHeadWithoutIds()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_h"), default);

        var head = await Feed.ReadChangesAsync(-1, 100, default);

        Assert.Empty(head.AgentIds);
        Assert.Empty((await Feed.ReadChangesAsync(head.Cursor, 100, default)).AgentIds);
    }

    [Fact]
    public async Task ReadChangesAsync_CreateAndUpdateAfterCursor_ReturnsEachIdOnceAtItsLatestChange()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_before"), default);
        var head = await Feed.ReadChangesAsync(-1, 100, default);

        await Store.CreateAsync(TestData.MinimalAgent("agt_a"), default);
        await Store.CreateAsync(TestData.MinimalAgent("agt_b"), default);
        Assert.True(await Store.UpdateAsync(TestData.MinimalAgent("agt_a") with { Name = "renamed" }, 0, default));

        var changes = await Feed.ReadChangesAsync(head.Cursor, 100, default);

        Assert.Equal(["agt_b", "agt_a"], changes.AgentIds);
        Assert.Empty((await Feed.ReadChangesAsync(changes.Cursor, 100, default)).AgentIds);
    }

    [Fact]
    public async Task ReadChangesAsync_TouchAndFailedUpdate_AreNotChanges()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_t"), default);
        var head = await Feed.ReadChangesAsync(-1, 100, default);

        await Store.TouchAsync(new Dictionary<string, DateTimeOffset> { ["agt_t"] = TestData.Start.AddHours(1) }, default);
        Assert.False(await Store.UpdateAsync(TestData.MinimalAgent("agt_t"), expectedVersion: 7, default));

        Assert.Empty((await Feed.ReadChangesAsync(head.Cursor, 100, default)).AgentIds);
    }

    [Fact]
    public async Task ReadChangesAsync_Limit_PagesThroughEveryChangeInOrder()
    {
        var head = await Feed.ReadChangesAsync(-1, 100, default);
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync(TestData.MinimalAgent("agt_" + i), default);
        }

        var first = await Feed.ReadChangesAsync(head.Cursor, 2, default);
        var second = await Feed.ReadChangesAsync(first.Cursor, 2, default);
        var third = await Feed.ReadChangesAsync(second.Cursor, 2, default);

        Assert.Equal(["agt_0", "agt_1", "agt_2", "agt_3", "agt_4"], [.. first.AgentIds, .. second.AgentIds, .. third.AgentIds]);
        Assert.Empty((await Feed.ReadChangesAsync(third.Cursor, 2, default)).AgentIds);
    }
}
