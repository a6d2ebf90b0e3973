// Agents are read on every token request, so this node keeps each agent it has served in memory for as long as the
// store says it is unchanged: the hot path is one dictionary lookup and one clock read, with no database read, however
// many agents are active. The rules (docs/architecture.md, "Agent records in memory"):
// - A write through this node (AgentService) replaces the entry at once.
// - A write through another node reaches this one through the store's change feed (IAgentChangeFeed, polled by
//   AgentChangeFollower every StorePollInterval), which drops the entries it names.
// - An entry is used only while it is confirmed: loaded, or covered by a successful feed poll, less than
//   AgentCacheDuration + StorePollInterval ago (AgentCacheDuration alone without a feed). So if polls stop, entries
//   age out and the store is read again: a change committed anywhere is honoured here within that bound.
// - Misses load once per agent (single-flight): the first requests of many agents at once do one store read each,
//   concurrently, with no global lock.
// - Unknown ids are remembered as unknown under the same rules (at most MaxUnknownIds, all forgotten when full), so a
//   repeated unknown client id costs what a known one costs: invalid_client takes the same path and time whether or
//   not the id exists (RFC 6749 §10.1 / RFC 9700 §4.15: no client enumeration by timing).
using System.Collections.Concurrent;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

internal sealed class AgentCache(IAgentStore store, TimeProvider timeProvider, IOptions<MandateServerOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unknown = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Agent?>> _loads = new(StringComparer.Ordinal);
    private readonly long _staleTicks = Staleness(store, options.Value).Ticks;
    private long _confirmedAtTicks = long.MinValue;
    private long _epoch;

    /// <summary>How long after a change committed anywhere this node may still use the old record.</summary>
    public static TimeSpan Staleness(IAgentStore store, MandateServerOptions options) =>
        options.AgentCacheDuration <= TimeSpan.Zero ? TimeSpan.Zero
        : store is IAgentChangeFeed && options.StorePollInterval > TimeSpan.Zero ? options.AgentCacheDuration + options.StorePollInterval
        : options.AgentCacheDuration;

    /// <summary>The number of agents held, for measurements.</summary>
    public int Count => _entries.Count;

    /// <summary>The most unknown ids remembered; when full, all are forgotten (bounds the memory random ids can take).</summary>
    public const int MaxUnknownIds = 10_000;

    /// <summary>Finds an agent, from memory when a confirmed entry (of the agent, or of the id being unknown) exists.</summary>
    public ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(id, out var entry) && IsConfirmed(entry.LoadedAtTicks))
        {
            return new ValueTask<Agent?>(entry.Agent);
        }

        if (_unknown.TryGetValue(id, out var unknownSince) && IsConfirmed(unknownSince))
        {
            return new ValueTask<Agent?>((Agent?)null);
        }

        return new ValueTask<Agent?>(LoadSharedAsync(id).WaitAsync(cancellationToken));
    }

    /// <summary>Records an agent this node just wrote, so the change takes effect immediately.</summary>
    public void Set(Agent agent)
    {
        // A load of this id running now may have read "unknown" before the write: the epoch makes it forget that.
        Interlocked.Increment(ref _epoch);
        _unknown.TryRemove(agent.Id, out _);
        if (_staleTicks > 0)
        {
            Store(agent, timeProvider.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>Drops an agent another node changed; its next request reads the store.</summary>
    public void Invalidate(string id)
    {
        Interlocked.Increment(ref _epoch);
        _entries.TryRemove(id, out _);
        _unknown.TryRemove(id, out _);
    }

    /// <summary>Drops every agent (the change feed was just joined, so earlier changes are unknown).</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _epoch);
        _entries.Clear();
        _unknown.Clear();
    }

    /// <summary>
    /// Called by the change feed's follower after a poll that began at <paramref name="pollStartedAt"/> applied every
    /// change committed before that time: every entry held is current as of then.
    /// </summary>
    public void Confirm(DateTimeOffset pollStartedAt)
    {
        var ticks = pollStartedAt.UtcTicks;
        var seen = Volatile.Read(ref _confirmedAtTicks);
        while (ticks > seen && Interlocked.CompareExchange(ref _confirmedAtTicks, ticks, seen) is var previous && previous != seen)
        {
            seen = previous;
        }
    }

    private Task<Agent?> LoadSharedAsync(string id)
    {
        if (_loads.TryGetValue(id, out var running))
        {
            return running;
        }

        var load = new TaskCompletionSource<Agent?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_loads.TryAdd(id, load.Task))
        {
            return _loads.TryGetValue(id, out running) ? running : LoadSharedAsync(id);
        }

        _ = CompleteAsync(id, load);
        return load.Task;
    }

    private async Task CompleteAsync(string id, TaskCompletionSource<Agent?> load)
    {
        try
        {
            // Shared by every waiter, so not cancelled by any one of them; each waiter stops waiting on its own token.
            var epoch = Interlocked.Read(ref _epoch);
            var startedAt = timeProvider.GetUtcNow().UtcTicks;
            var agent = await store.FindAsync(id, CancellationToken.None).ConfigureAwait(false);
            // An invalidation during the read may concern this agent: use the answer once, but do not keep it.
            if (agent is not null && _staleTicks > 0 && Interlocked.Read(ref _epoch) == epoch)
            {
                Store(agent, startedAt);
            }
            else if (agent is null)
            {
                _entries.TryRemove(id, out _);
                RememberUnknown(id, startedAt, epoch);
            }

            load.SetResult(agent);
        }
        catch (Exception exception)
        {
            load.SetException(exception);
        }
        finally
        {
            _loads.TryRemove(new KeyValuePair<string, Task<Agent?>>(id, load.Task));
        }
    }

    private bool IsConfirmed(long loadedAtTicks) =>
        timeProvider.GetUtcNow().UtcTicks - Math.Max(loadedAtTicks, Volatile.Read(ref _confirmedAtTicks)) < _staleTicks;

    private void RememberUnknown(string id, long loadedAtTicks, long epoch)
    {
        if (_staleTicks <= 0)
        {
            return;
        }

        if (_unknown.Count >= MaxUnknownIds)
        {
            _unknown.Clear();
        }

        _unknown[id] = loadedAtTicks;
        // An invalidation during the read (the agent was just created elsewhere) wins: forget the answer.
        if (Interlocked.Read(ref _epoch) != epoch)
        {
            _unknown.TryRemove(id, out _);
        }
    }

    private void Store(Agent agent, long loadedAtTicks) =>
        // A concurrent admin write may have stored a newer version meanwhile; never go back in versions.
        _entries.AddOrUpdate(agent.Id, static (_, candidate) => candidate,
            static (_, existing, candidate) => existing.Agent.Version > candidate.Agent.Version ? existing : candidate,
            new Entry(agent, loadedAtTicks));

    private sealed record Entry(Agent Agent, long LoadedAtTicks);
}
