namespace Mandate.Storage.Conformance;

/// <summary>Pages through a large fleet with <see cref="IAgentStore.ListPageAsync"/> as the admin API does, for the
/// providers' scale tests (each fills its store with its own SQL).</summary>
public static class FleetPaging
{
    /// <summary>Pages through every agent <paramref name="pageSize"/> at a time, asserting that no page is larger and
    /// that no agent is seen twice.</summary>
    /// <returns>The agents seen and the number of pages read.</returns>
    public static async Task<(int Agents, int Pages)> PageAllAsync(IAgentStore store, int pageSize, string? owner = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await store.ListPageAsync(new AgentQuery { Limit = pageSize, Cursor = cursor, Owner = owner }, default);
            Assert.True(page.Agents.Count <= pageSize);
            foreach (var agent in page.Agents)
            {
                Assert.True(seen.Add(agent.Id), $"{agent.Id} seen twice");
                if (owner is not null)
                {
                    Assert.Equal(owner, agent.Owner);
                }
            }

            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        return (seen.Count, pages);
    }
}
