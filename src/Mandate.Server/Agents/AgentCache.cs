// Agents are read on every token request, so they are cached in memory for AgentCacheDuration: the hot
// path does no database read. Admin writes on this node replace the entry at once (Set/Invalidate);
// writes on other nodes are seen after at most AgentCacheDuration.
using System.Collections.Concurrent;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

internal sealed class AgentCache(IAgentStore store, TimeProvider timeProvider, IOptions<MandateServerOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _durationTicks = options.Value.AgentCacheDuration.Ticks;

    /// <summary>Finds an agent, from memory when a fresh entry exists. Unknown ids are not cached.</summary>
    public ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(id, out var entry) && timeProvider.GetUtcNow().UtcTicks < entry.ExpiresAtTicks)
        {
            return new ValueTask<Agent?>(entry.Agent);
        }

        return LoadAsync(id, cancellationToken);
    }

    /// <summary>Records an agent this node just wrote, so the change takes effect immediately.</summary>
    public void Set(Agent agent)
    {
        if (_durationTicks > 0)
        {
            _entries[agent.Id] = new Entry(agent, timeProvider.GetUtcNow().UtcTicks + _durationTicks);
        }
    }

    public void Invalidate(string id) => _entries.TryRemove(id, out _);

    private async ValueTask<Agent?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var agent = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (agent is null || _durationTicks <= 0)
        {
            _entries.TryRemove(id, out _);
            return agent;
        }

        var fresh = new Entry(agent, timeProvider.GetUtcNow().UtcTicks + _durationTicks);
        // A concurrent admin write may have stored a newer version meanwhile; never go back in versions.
        _entries.AddOrUpdate(id, static (_, candidate) => candidate, static (_, existing, candidate) => existing.Agent.Version > candidate.Agent.Version ? existing with { ExpiresAtTicks = candidate.ExpiresAtTicks } : candidate, fresh);
        return agent;
    }

    private sealed record Entry(Agent Agent, long ExpiresAtTicks);
}
