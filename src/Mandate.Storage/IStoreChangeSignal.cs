namespace Mandate.Storage;

/// <summary>
/// Optional push from a store shared by several servers: wakes a server as soon as another one committed a change,
/// so it reads the change at once instead of at its next poll. The store's queries (the revocation log's head,
/// <see cref="IAgentChangeFeed"/>, the key list) stay the source of truth; the signal only says when to read them.
/// </summary>
/// <remarks>
/// A signal can be lost (a dropped connection), so a reader keeps a slow safety poll while
/// <see cref="IsListening"/> is true and polls at its normal interval while it is false. Every change of
/// <see cref="IsListening"/> also completes the waiters of every kind, because changes may have been missed
/// meanwhile: the reader then catches up from its cursor.
/// </remarks>
public interface IStoreChangeSignal
{
    /// <summary>True while changes are being pushed (the store's listening connection is up).</summary>
    bool IsListening { get; }

    /// <summary>
    /// A task that completes at the next change of <paramref name="kind"/> committed by any server (this one
    /// included), or at the next change of <see cref="IsListening"/>. Take the task before reading the store, so a
    /// change committed during the read is not missed. The first call starts listening.
    /// </summary>
    /// <param name="kind">The kind of change to wait for.</param>
    Task WaitAsync(StoreChangeKind kind);
}
