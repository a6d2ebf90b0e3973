namespace Mandate.Storage;

/// <summary>One agent seen on one network, for <see cref="IAgentMonitoringStore.AddNetworksAsync"/>.</summary>
/// <param name="AgentId">The agent's id.</param>
/// <param name="Network">The network prefix, such as <c>203.0.113.0/24</c>.</param>
/// <param name="SeenAt">When the agent was first seen there.</param>
public readonly record struct AgentNetworkSighting(string AgentId, string Network, DateTimeOffset SeenAt);
