namespace Mandate.Storage;

/// <summary>An answer of <see cref="IAgentChangeFeed.ReadChangesAsync"/>.</summary>
/// <param name="AgentIds">The ids of the agents changed after the cursor that was asked for, oldest change first.</param>
/// <param name="Cursor">The cursor to pass next time: the position of the last change returned, or the head.</param>
public readonly record struct AgentChanges(IReadOnlyList<string> AgentIds, long Cursor);
