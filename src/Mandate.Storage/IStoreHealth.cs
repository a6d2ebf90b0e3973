namespace Mandate.Storage;

/// <summary>
/// What the server needs to know about the store's health beyond its contracts: whether it can be written
/// right now (<c>/readyz</c>), and which of the provider's exceptions mean "the store is unavailable" (a fault
/// answered 503 with <c>Retry-After</c>) rather than a defect. One implementation per provider.
/// </summary>
public interface IStoreHealth
{
    /// <summary>Commits one small write (a single-row heartbeat), so a full disk, a read-only file or a lock
    /// held past the busy timeout is seen before a client's request meets it.</summary>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <exception cref="Exception">The provider's own exception when the write fails; classify it with <see cref="Classify"/>.</exception>
    ValueTask ProbeWriteAsync(CancellationToken cancellationToken);

    /// <summary>Classifies an exception thrown by one of this provider's stores.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see cref="StoreFault.None"/> for an exception that is not a store fault (a defect, or a caller error).</returns>
    StoreFault Classify(Exception exception);
}
