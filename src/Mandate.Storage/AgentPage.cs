namespace Mandate.Storage;

/// <summary>A page of agents ordered by creation time, then id.</summary>
/// <param name="Agents">The agents of this page.</param>
/// <param name="NextCursor">The cursor for the next page, or null when this is the last one.</param>
public sealed record AgentPage(IReadOnlyList<Agent> Agents, string? NextCursor);
