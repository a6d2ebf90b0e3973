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

    /// <summary>How many networks are known for <paramref name="agentId"/>.</summary>
    ValueTask<int> CountNetworksAsync(string agentId, CancellationToken cancellationToken);
}
