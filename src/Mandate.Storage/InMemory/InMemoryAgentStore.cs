namespace Mandate.Storage.InMemory;

/// <summary>
/// A thread-safe, process-local <see cref="IAgentStore"/> for tests and single-process hosts.
/// Data is lost when the process exits.
/// </summary>
/// <remarks>
/// Agents are copied on the way in and on the way out (lists, <see cref="Agent.SecretHash"/>), and
/// every time is normalised to UTC, so callers see the same values a durable provider returns.
/// </remarks>
public sealed class InMemoryAgentStore : IAgentStore, IAgentChangeFeed
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _agents = new(StringComparer.Ordinal);
    private long _sequence;
    private long _changeSequence;

    /// <summary>Finds an agent by id.</summary>
    /// <returns>A copy of the stored agent, or null when none exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_agents.TryGetValue(id, out var entry) ? Copy(entry.Agent) : null);
        }
    }

    /// <summary>Lists every agent ordered by <see cref="Agent.CreatedAt"/>, then by insertion order.</summary>
    public ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<Agent> list = _agents.Values
                .OrderBy(e => e.Agent.CreatedAt)
                .ThenBy(e => e.Sequence)
                .Select(e => Copy(e.Agent))
                .ToArray();
            return ValueTask.FromResult(list);
        }
    }

    /// <summary>Adds a new agent, keeping <see cref="Agent.Version"/> as given.</summary>
    /// <exception cref="DuplicateAgentException">An agent with the same id exists.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="agent"/> is null.</exception>
    public ValueTask CreateAsync(Agent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_agents.ContainsKey(agent.Id))
            {
                throw new DuplicateAgentException(agent.Id);
            }

            _agents.Add(agent.Id, new Entry(Copy(agent), ++_sequence, ++_changeSequence));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Replaces the agent when its stored version equals <paramref name="expectedVersion"/>; the stored
    /// version becomes <c>expectedVersion + 1</c> whatever <see cref="Agent.Version"/> says.
    /// <see cref="Agent.LastUsedAt"/> keeps the later of the stored and the given time, so an update
    /// based on a stale read does not erase a concurrent <see cref="TouchAsync"/>.
    /// </summary>
    /// <returns>False on a version conflict or an unknown id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="agent"/> is null.</exception>
    public ValueTask<bool> UpdateAsync(Agent agent, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_agents.TryGetValue(agent.Id, out var entry) || entry.Agent.Version != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            var lastUsed = Later(entry.Agent.LastUsedAt, agent.LastUsedAt?.ToUniversalTime());
            _agents[agent.Id] = entry with
            {
                Agent = Copy(agent) with { Version = expectedVersion + 1, LastUsedAt = lastUsed },
                Change = ++_changeSequence,
            };
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>
    /// Records last-used times; unknown ids are ignored and a time never moves backwards.
    /// Does not change <see cref="Agent.Version"/>, so it never conflicts with an admin update.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="lastUsed"/> is null.</exception>
    public ValueTask TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastUsed);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            foreach (var (id, time) in lastUsed)
            {
                if (_agents.TryGetValue(id, out var entry)
                    && (entry.Agent.LastUsedAt is not { } existing || time > existing))
                {
                    _agents[id] = entry with { Agent = entry.Agent with { LastUsedAt = time.ToUniversalTime() } };
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Reads the agents created or updated after <paramref name="cursor"/> (see <see cref="IAgentChangeFeed"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public ValueTask<AgentChanges> ReadChangesAsync(long cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (cursor < 0)
            {
                return ValueTask.FromResult(new AgentChanges([], _changeSequence));
            }

            var changed = _agents.Values.Where(e => e.Change > cursor).OrderBy(e => e.Change).Take(limit).ToArray();
            return ValueTask.FromResult(changed.Length == 0
                ? new AgentChanges([], Math.Max(cursor, _changeSequence))
                : new AgentChanges([.. changed.Select(e => e.Agent.Id)], changed.Length < limit ? _changeSequence : changed[^1].Change));
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static Agent Copy(Agent agent) => agent with
    {
        AllowedScopes = [.. agent.AllowedScopes],
        DefaultScopes = [.. agent.DefaultScopes],
        AllowedAudiences = [.. agent.AllowedAudiences],
        AllowedGrantTypes = [.. agent.AllowedGrantTypes],
        ExpiresAt = agent.ExpiresAt?.ToUniversalTime(),
        CreatedAt = agent.CreatedAt.ToUniversalTime(),
        LastUsedAt = agent.LastUsedAt?.ToUniversalTime(),
        SecretHash = agent.SecretHash?.ToArray(),
    };

    private sealed record Entry(Agent Agent, long Sequence, long Change);
}
