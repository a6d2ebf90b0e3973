namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IAgentStore.ListPageAsync"/> contract: keyset pages in (creation time, id) order, with filters.</summary>
public abstract class AgentStorePagingConformanceTests
{
    private IAgentStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IAgentStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IAgentStore CreateStore();

    [Fact]
    public async Task ListPageAsync_PagesThroughEveryAgentOnceInOrder()
    {
        // Two agents share each creation time, so the id breaks ties.
        for (var i = 0; i < 25; i++)
        {
            await Store.CreateAsync(TestData.MinimalAgent($"agt_{24 - i:D2}", TestData.Start.AddSeconds(i / 2)), default);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.ListPageAsync(new AgentQuery { Limit = 4, Cursor = cursor }, default);
            Assert.True(page.Agents.Count <= 4);
            seen.AddRange(page.Agents.Select(a => a.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        var expected = (await Store.ListAsync(default)).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id);
        Assert.Equal(expected, seen);
        Assert.Equal(7, pages);
    }

    [Fact]
    public async Task ListPageAsync_OwnerAndStatusFilters_SelectOnlyMatchingAgents()
    {
        await Store.CreateAsync(TestData.MinimalAgent("agt_1") with { Owner = "alice@example.test" }, default);
        await Store.CreateAsync(TestData.MinimalAgent("agt_2") with { Owner = "bob@example.test" }, default);
        await Store.CreateAsync(TestData.MinimalAgent("agt_3") with { Owner = "alice@example.test", Status = AgentStatus.Suspended }, default);

        var alice = await Store.ListPageAsync(new AgentQuery { Owner = "alice@example.test" }, default);
        var aliceSuspended = await Store.ListPageAsync(new AgentQuery { Owner = "alice@example.test", Status = AgentStatus.Suspended }, default);

        Assert.Equal(["agt_1", "agt_3"], alice.Agents.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Null(alice.NextCursor);
        Assert.Equal("agt_3", Assert.Single(aliceSuspended.Agents).Id);
    }

    [Fact]
    public async Task ListPageAsync_BadCursorOrLimit_Throws()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListPageAsync(new AgentQuery { Cursor = "not a cursor!" }, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListPageAsync(new AgentQuery { Limit = 0 }, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ListPageAsync(new AgentQuery { Limit = AgentCursor.MaxLimit + 1 }, default));
    }
}
