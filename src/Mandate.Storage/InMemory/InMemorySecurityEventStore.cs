namespace Mandate.Storage.InMemory;

/// <summary>A thread-safe, process-local <see cref="ISecurityEventStore"/>; streams and queued events are lost with the process.</summary>
public sealed class InMemorySecurityEventStore : ISecurityEventStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SecurityEventStream> _streams = new(StringComparer.Ordinal);
    private readonly List<PendingSecurityEvent> _events = [];

    /// <inheritdoc />
    public ValueTask CreateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_gate)
        {
            if (!_streams.TryAdd(stream.StreamId, stream))
            {
                throw new InvalidOperationException("A stream with this id exists.");
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<SecurityEventStream?> GetStreamAsync(string streamId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_streams.GetValueOrDefault(streamId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SecurityEventStream>> ListStreamsAsync(string? clientId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<SecurityEventStream> streams = [.. _streams.Values
                .Where(s => clientId is null || s.ClientId == clientId)
                .OrderBy(s => s.CreatedAt).ThenBy(s => s.StreamId, StringComparer.Ordinal)];
            return ValueTask.FromResult(streams);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> UpdateStreamAsync(SecurityEventStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_gate)
        {
            if (!_streams.TryGetValue(stream.StreamId, out var current))
            {
                return ValueTask.FromResult(false);
            }

            _streams[stream.StreamId] = current with
            {
                Status = stream.Status,
                StatusReason = stream.StatusReason,
                Configuration = stream.Configuration,
                UpdatedAt = stream.UpdatedAt,
            };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteStreamAsync(string streamId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.RemoveAll(e => e.StreamId == streamId);
            return ValueTask.FromResult(_streams.Remove(streamId));
        }
    }

    /// <inheritdoc />
    public ValueTask EnqueueAsync(PendingSecurityEvent pendingEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pendingEvent);
        lock (_gate)
        {
            if (!_events.Exists(e => e.StreamId == pendingEvent.StreamId && e.EventId == pendingEvent.EventId))
            {
                _events.Add(pendingEvent);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingSecurityEvent>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int maxCount, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var due = _events
                .Select((e, i) => (Event: e, Index: i))
                .Where(x => x.Event.NextAttemptAt is { } at && at <= now && x.Event.ExpiresAt > now)
                .OrderBy(x => x.Event.CreatedAt).ThenBy(x => x.Index)
                .Take(maxCount)
                .ToList();
            foreach (var (pending, index) in due)
            {
                _events[index] = pending with { NextAttemptAt = leaseUntil };
            }

            IReadOnlyList<PendingSecurityEvent> claimed = [.. due.Select(x => x.Event with { NextAttemptAt = leaseUntil })];
            return ValueTask.FromResult(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask RescheduleAsync(string streamId, string eventId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _events.FindIndex(e => e.StreamId == streamId && e.EventId == eventId);
            if (index >= 0)
            {
                _events[index] = _events[index] with { Attempts = attempts, NextAttemptAt = nextAttemptAt };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingSecurityEvent>> ListPendingAsync(string streamId, DateTimeOffset now, int maxCount, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PendingSecurityEvent> pending = [.. _events
                .Where(e => e.StreamId == streamId && e.ExpiresAt > now)
                .OrderBy(e => e.CreatedAt)
                .Take(maxCount)];
            return ValueTask.FromResult(pending);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveAsync(string streamId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var ids = eventIds.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            return ValueTask.FromResult(_events.RemoveAll(e => e.StreamId == streamId && ids.Contains(e.EventId)));
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
