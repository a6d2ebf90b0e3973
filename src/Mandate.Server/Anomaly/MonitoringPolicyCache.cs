using System.Collections.Concurrent;
using Mandate.Storage;

namespace Mandate.Server.Anomaly;

/// <summary>
/// This node's cache of monitoring policies in front of <see cref="IAgentMonitoringStore"/>, so the rules do
/// not read the store per request. Written through by the admin endpoint; another node's change reaches it
/// through the agent change feed (AgentChangeFollower), when the store signals policy changes there.
/// </summary>
internal sealed class MonitoringPolicyCache(IAgentMonitoringStore store)
{
    private readonly ConcurrentDictionary<string, AgentMonitoringPolicy?> _policies = new(StringComparer.Ordinal);

    public async ValueTask<AgentMonitoringPolicy?> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        if (_policies.TryGetValue(agentId, out var cached))
        {
            return cached;
        }

        var policy = await store.GetPolicyAsync(agentId, cancellationToken).ConfigureAwait(false);
        _policies[agentId] = policy;
        return policy;
    }

    /// <summary>Drops one agent's policy; the next request reads the store.</summary>
    public void Invalidate(string agentId) => _policies.TryRemove(agentId, out _);

    /// <summary>Drops every policy held.</summary>
    public void InvalidateAll() => _policies.Clear();

    public async ValueTask SetAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken)
    {
        await store.SetPolicyAsync(policy, cancellationToken).ConfigureAwait(false);
        _policies[policy.AgentId] = policy;
    }
}
