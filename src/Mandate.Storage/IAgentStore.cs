namespace Mandate.Storage;

/// <summary>Persistence of agents.</summary>
public interface IAgentStore
{
    /// <summary>Finds an agent by id; null when none exists.</summary>
    ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists every agent, ordered by creation time.</summary>
    ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken);

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
