using System.Collections.Concurrent;

namespace Mandate.Storage.InMemory;

/// <summary>
/// In-process <see cref="IRateLimitStore"/>: counters are per process and lost on restart. At most once per
/// second a call deletes the counters whose window has ended, so memory stays bounded by the live windows.
/// </summary>
public sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private long _nextSweepTicks;
    private readonly ConcurrentDictionary<(string Key, DateTimeOffset WindowStart), Counter> _counters = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store.</summary>
    /// <param name="timeProvider">The clock that decides when a window has ended.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public InMemoryRateLimitStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public ValueTask<long> IncrementAsync(string key, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Sweep(_timeProvider.GetUtcNow());
        var counter = _counters.GetOrAdd((key, windowStart), static (_, end) => new Counter(end), windowEnd);
        return ValueTask.FromResult(Interlocked.Increment(ref counter.Count));
    }

    private void Sweep(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + TimeSpan.TicksPerSecond, next) != next)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            if (counter.WindowEnd <= now)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counter(DateTimeOffset windowEnd)
    {
        public long Count;

        public DateTimeOffset WindowEnd { get; } = windowEnd;
    }
}
