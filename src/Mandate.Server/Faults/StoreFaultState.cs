namespace Mandate.Server.Faults;

/// <summary>
/// What requests have learned about the store that a read probe cannot: damaged data. Corruption does not heal,
/// so once seen, <c>/readyz</c> stays unhealthy until an operator restores the store and restarts the node.
/// </summary>
internal sealed class StoreFaultState
{
    private int _corrupt;

    /// <summary>True once a request met corrupt data.</summary>
    public bool CorruptionSeen => Volatile.Read(ref _corrupt) != 0;

    /// <summary>Records that a request met corrupt data.</summary>
    public void MarkCorrupt() => Interlocked.Exchange(ref _corrupt, 1);
}
