using System.Collections.Concurrent;
using Mandate.Storage;

namespace Mandate.Server.Anomaly;

/// <summary>
/// This node's cache of monitoring policies in front of <see cref="IAgentMonitoringStore"/>, so the rules do
/// not read the store per request. Written through by the admin endpoint; another node's change reaches it
/// through the agent change feed (AgentChangeFollower), when the store signals policy changes there.
/// </summary>
/// <remarks>
/// An agent without a policy is cached as such (null), so it costs one store read per node, not one per request.
/// Misses load once per agent (single-flight): the first requests of many agents at once do one store read each,
/// concurrently, with no global lock. A load that overlaps an invalidation answers its waiters but is not kept.
/// </remarks>
internal sealed class MonitoringPolicyCache(IAgentMonitoringStore store)
{
    private readonly ConcurrentDictionary<string, AgentMonitoringPolicy?> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<AgentMonitoringPolicy?>> _loads = new(StringComparer.Ordinal);
    private long _epoch;

    /// <summary>The number of agents whose policy (or its absence) is held, for measurements.</summary>
    public int Count => _policies.Count;

    public ValueTask<AgentMonitoringPolicy?> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        if (_policies.TryGetValue(agentId, out var cached))
        {
            return new ValueTask<AgentMonitoringPolicy?>(cached);
        }

        return new ValueTask<AgentMonitoringPolicy?>(LoadSharedAsync(agentId).WaitAsync(cancellationToken));
    }

    /// <summary>Drops one agent's policy; the next request reads the store.</summary>
    public void Invalidate(string agentId)
    {
        Interlocked.Increment(ref _epoch);
        _policies.TryRemove(agentId, out _);
    }

    /// <summary>Drops every policy held.</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _epoch);
        _policies.Clear();
    }

    public async ValueTask SetAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken)
    {
        await store.SetPolicyAsync(policy, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _epoch);
        _policies[policy.AgentId] = policy;
    }

    private Task<AgentMonitoringPolicy?> LoadSharedAsync(string agentId)
    {
        while (true)
        {
            if (_loads.TryGetValue(agentId, out var running))
            {
                return running;
            }

            var load = new TaskCompletionSource<AgentMonitoringPolicy?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_loads.TryAdd(agentId, load.Task))
            {
                _ = CompleteAsync(agentId, load);
                return load.Task;
            }
        }
    }

    private async Task CompleteAsync(string agentId, TaskCompletionSource<AgentMonitoringPolicy?> load)
    {
        try
        {
            // Shared by every waiter, so not cancelled by any one of them; each waiter stops waiting on its own token.
            var epoch = Interlocked.Read(ref _epoch);
            var policy = await store.GetPolicyAsync(agentId, CancellationToken.None).ConfigureAwait(false);
            if (Interlocked.Read(ref _epoch) == epoch)
            {
                _policies.TryAdd(agentId, policy);
            }

            load.SetResult(policy);
        }
        catch (Exception exception)
        {
            load.SetException(exception);
        }
        finally
        {
            _loads.TryRemove(new KeyValuePair<string, Task<AgentMonitoringPolicy?>>(agentId, load.Task));
        }
    }
}
