namespace Mandate.Storage;

/// <summary>
/// Shared Signals streams and the events queued on them. Nodes that share the store share the streams and the queue,
/// and queued events survive a restart.
/// </summary>
public interface ISecurityEventStore
{
    /// <summary>Stores a new stream.</summary>
    /// <exception cref="InvalidOperationException">A stream with the same id exists.</exception>
    ValueTask CreateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken);

    /// <summary>The stream with id <paramref name="streamId"/>, or null.</summary>
    ValueTask<SecurityEventStream?> GetStreamAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>The streams of <paramref name="clientId"/>, or every stream when it is null, ordered by creation time.</summary>
    ValueTask<IReadOnlyList<SecurityEventStream>> ListStreamsAsync(string? clientId, CancellationToken cancellationToken);

    /// <summary>Replaces the status, reason, configuration and update time of an existing stream (matched by id).</summary>
    /// <returns>False when the stream does not exist.</returns>
    ValueTask<bool> UpdateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken);

    /// <summary>Deletes the stream and every event queued on it.</summary>
    /// <returns>False when the stream does not exist.</returns>
    ValueTask<bool> DeleteStreamAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Queues <paramref name="pendingEvent"/>; a second event with the same stream and event id is ignored.</summary>
    ValueTask EnqueueAsync(PendingSecurityEvent pendingEvent, CancellationToken cancellationToken);

    /// <summary>Takes up to <paramref name="maxCount"/> push events whose next attempt is due at <paramref name="now"/>,
    /// oldest first, and moves their next attempt to <paramref name="leaseUntil"/> so that no other caller (on any node)
    /// takes them before then. The events are returned as leased (<see cref="PendingSecurityEvent.NextAttemptAt"/> is
    /// <paramref name="leaseUntil"/>).</summary>
    ValueTask<IReadOnlyList<PendingSecurityEvent>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int maxCount, CancellationToken cancellationToken);

    /// <summary>Records a failed push attempt: sets the attempt count and the next attempt time of one event.</summary>
    ValueTask RescheduleAsync(string streamId, string eventId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> events queued on <paramref name="streamId"/> that are not expired at
    /// <paramref name="now"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<PendingSecurityEvent>> ListPendingAsync(string streamId, DateTimeOffset now, int maxCount, CancellationToken cancellationToken);

    /// <summary>Removes the named events of one stream (delivered or acknowledged); unknown ids are ignored.</summary>
    /// <returns>The number of events removed.</returns>
    ValueTask<int> RemoveAsync(string streamId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);

    /// <summary>Deletes events whose <see cref="PendingSecurityEvent.ExpiresAt"/> is at or before <paramref name="now"/>.</summary>
    /// <returns>The number of events deleted.</returns>
    ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
