namespace Mandate.Storage;

/// <summary>
/// Optional capability of an <see cref="IAgentStore"/>: the ids of agents changed since a cursor, so a server can
/// keep agent records in memory and drop only the ones another server changed. A store implements it on the same
/// class as <see cref="IAgentStore"/>; a store without it gets time-bounded caching instead.
/// </summary>
/// <remarks>
/// A change is a create, an <see cref="IAgentStore.UpdateAsync"/>, or a change to the agent's monitoring policy
/// when the store also implements <see cref="IAgentMonitoringStore"/> over the same data. <see cref="IAgentStore.TouchAsync"/>
/// is not a change. Cursors grow in commit order, so a change committed after a read is never skipped by the next
/// read. A store that can push (database notifications) still answers this query; the push only shortens the wait.
/// </remarks>
public interface IAgentChangeFeed
{
    /// <summary>Reads the agents changed after <paramref name="cursor"/>.</summary>
    /// <param name="cursor">A cursor from an earlier answer; negative to get only the current head (no ids).</param>
    /// <param name="limit">The most ids to return, at least 1; the answer's cursor then stops at the last one returned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ids in change order (an id appears once, at its latest change) and the cursor to pass next time.</returns>
    ValueTask<AgentChanges> ReadChangesAsync(long cursor, int limit, CancellationToken cancellationToken);
}
