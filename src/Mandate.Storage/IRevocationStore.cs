namespace Mandate.Storage;

/// <summary>
/// The append-only revocation log behind <c>/revoke</c>, the not-before marks and the revocation feed.
/// </summary>
public interface IRevocationStore
{
    /// <summary>Appends <paramref name="revocation"/> (its <see cref="RevocationEvent.Sequence"/> is ignored) and returns it
    /// with the sequence the store assigned: greater than every sequence assigned before, by this or any other process
    /// sharing the store.</summary>
    ValueTask<RevocationEvent> AppendAsync(RevocationEvent revocation, CancellationToken cancellationToken);

    /// <summary>Returns up to <paramref name="maxCount"/> events whose sequence is greater than <paramref name="afterSequence"/>,
    /// in ascending sequence order. Events not yet purged are returned even when expired.</summary>
    ValueTask<IReadOnlyList<RevocationEvent>> ListAfterAsync(long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>The greatest sequence assigned so far (0 when none), including purged events. Only committed events count:
    /// once a caller has read head H, every event with a sequence up to H is returned by <see cref="ListAfterAsync"/>
    /// or was purged (servers sharing the store follow it with this guarantee).</summary>
    ValueTask<long> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>Deletes events whose <see cref="RevocationEvent.ExpiresAt"/> is at or before <paramref name="now"/>.</summary>
    /// <returns>The number of events deleted.</returns>
    ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
