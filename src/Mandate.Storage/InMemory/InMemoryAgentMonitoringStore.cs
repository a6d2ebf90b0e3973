using System.Collections.Concurrent;

namespace Mandate.Storage.InMemory;

/// <summary>In-process <see cref="IAgentMonitoringStore"/>; contents are lost on restart.</summary>
public sealed class InMemoryAgentMonitoringStore : IAgentMonitoringStore
{
    private readonly ConcurrentDictionary<string, AgentMonitoringPolicy> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AgentId, string Network), DateTimeOffset> _networks = new();

    /// <inheritdoc />
    public ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return ValueTask.FromResult(_policies.TryGetValue(agentId, out var policy) ? policy : null);
    }

    /// <inheritdoc />
    public ValueTask SetPolicyAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policies[policy.AgentId] = policy with { AllowedCidrs = [.. policy.AllowedCidrs] };
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(network);
        return ValueTask.FromResult(_networks.TryAdd((agentId, network), seenAt));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sightings);
        var results = new int[sightings.Count];
        for (var i = 0; i < sightings.Count; i++)
        {
            var (agentId, network, seenAt) = sightings[i];
            results[i] = await TryAddNetworkAsync(agentId, network, seenAt, cancellationToken).ConfigureAwait(false)
                ? await CountNetworksAsync(agentId, cancellationToken).ConfigureAwait(false)
                : 0;
        }

        return results;
    }

    /// <inheritdoc />
    public ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        var count = 0;
        foreach (var key in _networks.Keys)
        {
            if (key.AgentId == agentId)
            {
                count++;
            }
        }

        return ValueTask.FromResult(count);
    }
}
