namespace Mandate.Storage;

/// <summary>
/// Stores per-agent <see cref="AgentMonitoringPolicy"/> and the networks each agent has been seen on, so a
/// restart does not raise "new network" alerts again. Implementations are thread-safe.
/// </summary>
public interface IAgentMonitoringStore
{
    /// <summary>Returns the agent's policy, or null when none was set.</summary>
    ValueTask<AgentMonitoringPolicy?> GetPolicyAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the agent's policy.</summary>
    ValueTask SetPolicyAsync(AgentMonitoringPolicy policy, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="agentId"/> was seen on <paramref name="network"/> (a prefix such as <c>203.0.113.0/24</c>).</summary>
    /// <returns>True when the network was new for the agent; false when it was already known (first writer wins).</returns>
    ValueTask<bool> TryAddNetworkAsync(string agentId, string network, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records many sightings at once (one transaction where the store has them), in order, first writer wins
    /// per (agent, network) as in <see cref="TryAddNetworkAsync"/>.
    /// </summary>
    /// <returns>
    /// One number per sighting, in order: 0 when the network was already known for the agent; else how many networks
    /// the agent has once this one was added (1 for its first network).
    /// </returns>
    ValueTask<IReadOnlyList<int>> AddNetworksAsync(IReadOnlyList<AgentNetworkSighting> sightings, CancellationToken cancellationToken);

    /// <summary>How many networks are known for <paramref name="agentId"/>.</summary>
    ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken);
}
