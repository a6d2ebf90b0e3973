namespace Mandate.Storage;

/// <summary>Persistence of agents.</summary>
public interface IAgentStore
{
    /// <summary>Finds an agent by id; null when none exists.</summary>
    ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists every agent, ordered by creation time.</summary>
    ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Lists one page of agents matching <paramref name="query"/>, ordered by creation time, then id, reading no more
    /// than the page from the store. The default implementation filters <see cref="ListAsync"/>; stores override it.
    /// </summary>
    /// <exception cref="ArgumentException">The query's cursor is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The query's limit is not between 1 and <see cref="AgentCursor.MaxLimit"/>.</exception>
    async ValueTask<AgentPage> ListPageAsync(AgentQuery query, CancellationToken cancellationToken)
    {
        var after = AgentCursor.Validate(query);
        var matching = (await ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(a => (query.Owner is null || a.Owner == query.Owner) && (query.Status is null || a.Status == query.Status))
            .Where(a => after is not { } c || a.CreatedAt.UtcTicks > c.CreatedAt.UtcTicks
                || (a.CreatedAt.UtcTicks == c.CreatedAt.UtcTicks && string.CompareOrdinal(a.Id, c.Id) > 0))
            .OrderBy(a => a.CreatedAt.UtcTicks).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        return matching.Count > query.Limit
            ? new AgentPage(matching[..query.Limit], AgentCursor.After(matching[query.Limit - 1]))
            : new AgentPage(matching, null);
    }

    /// <summary>Adds a new agent.</summary>
    /// <exception cref="DuplicateAgentException">An agent with the same id exists.</exception>
    ValueTask CreateAsync(Agent agent, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the agent when its stored version equals <paramref name="expectedVersion"/>; the stored
    /// version becomes <c>expectedVersion + 1</c>. Returns false on a version conflict or unknown id.
    /// The stored <see cref="Agent.LastUsedAt"/> keeps the later of the stored and the given value, so an
    /// update built from a stale read never erases a <see cref="TouchAsync"/>.
    /// </summary>
    ValueTask<bool> UpdateAsync(Agent agent, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records last-used times in one batch; unknown ids are ignored; never moves a time backwards;
    /// does not change <see cref="Agent.Version"/>, so it never conflicts with an update.</summary>
    ValueTask TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed, CancellationToken cancellationToken);
}
