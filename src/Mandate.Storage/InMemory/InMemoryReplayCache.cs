namespace Mandate.Storage.InMemory;

/// <summary>
/// A thread-safe, bounded, process-local <see cref="IReplayCache"/> (RFC 7523 §3 item 7, RFC 9449 §11.1).
/// It only protects one process: nodes behind a load balancer need a shared provider.
/// </summary>
/// <remarks>
/// An entry counts as expired from the instant its <c>expiresAt</c> is reached on the injected
/// <see cref="TimeProvider"/>. Expired entries are swept on every call, earliest expiry first.
/// Deliberate deviation: when <see cref="InMemoryReplayCacheOptions.MaxEntries"/> live entries exist,
/// a new pair is refused (false, as if replayed): failing closed keeps every recorded jti single-use.
/// </remarks>
public sealed class InMemoryReplayCache : IReplayCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Issuer, string Jti), DateTimeOffset> _entries = [];
    private readonly PriorityQueue<(string Issuer, string Jti), DateTimeOffset> _byExpiry = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _maxEntries;

    /// <summary>Creates a cache with the default options.</summary>
    /// <param name="timeProvider">The clock that decides expiry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public InMemoryReplayCache(TimeProvider timeProvider)
        : this(timeProvider, new InMemoryReplayCacheOptions())
    {
    }

    /// <summary>Creates a cache.</summary>
    /// <param name="timeProvider">The clock that decides expiry.</param>
    /// <param name="options">The size bound; read once.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="InMemoryReplayCacheOptions.MaxEntries"/> is less than 1.</exception>
    public InMemoryReplayCache(TimeProvider timeProvider, InMemoryReplayCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEntries, 1, nameof(options));
        _timeProvider = timeProvider;
        _maxEntries = options.MaxEntries;
    }

    /// <summary>Number of entries currently held, expired or not (diagnostics and tests).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Records <paramref name="jti"/> for <paramref name="issuer"/> until <paramref name="expiresAt"/>.
    /// </summary>
    /// <returns>
    /// True the first time; false when the pair is recorded and unexpired, or when the cache is full.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="issuer"/> or <paramref name="jti"/> is null.</exception>
    public ValueTask<bool> TryAddAsync(string issuer, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(jti);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            SweepExpired(now);
            if (_entries.ContainsKey((issuer, jti)) || _entries.Count >= _maxEntries)
            {
                return ValueTask.FromResult(false);
            }

            _entries.Add((issuer, jti), expiresAt);
            _byExpiry.Enqueue((issuer, jti), expiresAt);
            return ValueTask.FromResult(true);
        }
    }

    private void SweepExpired(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var key, out var expiresAt) && expiresAt <= now)
        {
            _byExpiry.Dequeue();
            // A queue item is stale when the pair was re-added later with another expiry.
            if (_entries.TryGetValue(key, out var current) && current == expiresAt)
            {
                _entries.Remove(key);
            }
        }
    }
}
