namespace Mandate.Storage.InMemory;

/// <summary>
/// A thread-safe, process-local <see cref="IRevocationStore"/>. Its sequences restart at 1 with the process, so
/// feed consumers must resynchronise when the server's head is behind their cursor (the feed reports the head).
/// </summary>
public sealed class InMemoryRevocationStore : IRevocationStore
{
    private readonly Lock _gate = new();
    private readonly List<RevocationEvent> _events = [];
    private long _head;

    /// <inheritdoc />
    public ValueTask<RevocationEvent> AppendAsync(RevocationEvent revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        lock (_gate)
        {
            var stored = revocation with { Sequence = ++_head };
            _events.Add(stored);
            return ValueTask.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RevocationEvent>> ListAfterAsync(long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            // _events is in ascending sequence order: binary search for the first sequence > afterSequence.
            int low = 0, high = _events.Count;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (_events[middle].Sequence <= afterSequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            var count = Math.Min(maxCount, _events.Count - low);
            return ValueTask.FromResult<IReadOnlyList<RevocationEvent>>(_events.GetRange(low, count).ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask<long> GetHeadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_head);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_events.RemoveAll(e => e.ExpiresAt <= now));
        }
    }
}
