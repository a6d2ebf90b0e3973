// Agent-side token cache, one entry per key: (scope, resource) for client credentials, a SHA-256 of the
// exchange request for token exchange. Renewal point = sent-at + lifetime × (RenewAt ± Jitter); a token
// is handed out only while more than MinimumRemainingLifetime is left, before its expiry and before its
// NotAfter (the subject token's expiry, for an exchanged token). With a capacity, the cache is bounded:
// past it, expired entries go first, then the least recently used idle entries (never one in flight).
// Single-flight: one TaskCompletionSource per entry is the in-flight request every caller awaits;
// the entry lock guards field swaps only and is never held across an await.
// While a renewal fails transiently and the current token is still usable, callers keep getting
// the current token and the next renewal attempt waits for Retry-After or a full-jitter backoff.
namespace Mandate.Agent;

internal sealed class TokenCache<TKey>
    where TKey : notnull
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TKey, Entry> entries = new();
    private readonly MandateTokenClientOptions options;
    private readonly TimeProvider time;
    private readonly MandateAgentMetrics metrics;
    private readonly Action<string, double> renewalFailed;
    private readonly int? capacity;
    private readonly object trimGate = new();
    private long useCounter;

    /// <summary>Creates the cache. <paramref name="capacity"/> is the most entries kept; <see langword="null"/> for
    /// unbounded (a fixed, small key set such as (scope, resource) pairs).</summary>
    public TokenCache(MandateTokenClientOptions options, TimeProvider time, MandateAgentMetrics metrics, Action<string, double> renewalFailed, int? capacity = null)
    {
        this.options = options;
        this.time = time;
        this.metrics = metrics;
        this.renewalFailed = renewalFailed;
        this.capacity = capacity;
    }

    /// <summary>Number of entries held (cached, in flight or holding a recent rejection).</summary>
    public int Count => entries.Count;

    /// <summary>Returns the cached token for <paramref name="key"/> or obtains one with
    /// <paramref name="fetch"/>(<paramref name="state"/>, stopRetrying); concurrent callers share one fetch.
    /// <paramref name="scopeTag"/> is the requested scope, for the acquisition activity only.</summary>
    public async Task<AccessToken> GetAsync<TState>(TKey key, TState state, Func<TState, Func<bool>, Task<IssuedToken>> fetch, string? scopeTag, CancellationToken cancellationToken)
    {
        var entry = GetOrAddEntry(key);
        for (var pass = 0; ; pass++)
        {
            var now = time.GetUtcNow();
            CachedToken? current;
            Task<CachedToken> pending;
            TaskCompletionSource<CachedToken>? started = null;
            lock (entry)
            {
                entry.LastUsed = Interlocked.Increment(ref useCounter);
                current = entry.Current;
                if (current is not null && (now < current.RenewAt || (now < current.UsableUntil && now < entry.NextAttemptAt)))
                {
                    metrics.CacheHits.Add(1);
                    return current.Token;
                }

                if (current is not null && now >= current.UsableUntil)
                {
                    current = null;
                }

                // A recent permanent rejection (invalid_client, invalid_scope, invalid_target, ...) is
                // answered again without a request until its backoff ends, so that a misconfigured or
                // suspended agent cannot hammer the authorization server with every call it makes.
                if (current is null && entry.InFlight is null && entry.Rejection is { } rejection && now < entry.RejectedUntil)
                {
                    throw new MandateTokenException(rejection.Error, rejection.ErrorDescription, rejection.StatusCode, isTransient: false);
                }

                if (entry.InFlight is null)
                {
                    started = new TaskCompletionSource<CachedToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                    entry.InFlight = started.Task;
                }

                pending = entry.InFlight;
            }

            if (started is not null)
            {
                _ = FetchAsync(state, fetch, scopeTag, entry, started);
            }

            if (current is null)
            {
                try
                {
                    return (await pending.WaitAsync(cancellationToken).ConfigureAwait(false)).Token;
                }
                catch (MandateTokenException ex) when (ex.StoppedForUsableToken && pass == 0)
                {
                    // Joined a renewal that stopped early because the token was still usable then;
                    // it is not any more, so start a request with the full retry policy.
                    continue;
                }
            }

            try
            {
                // Wait for the renewal, but never past the moment the current token stops being usable.
                var cached = await pending.WaitAsync(current.UsableUntil - now, time, cancellationToken).ConfigureAwait(false);
                return cached.Token;
            }
            catch (Exception ex) when (ex is TimeoutException || ex is MandateTokenException { IsTransient: true })
            {
                renewalFailed(ex is MandateTokenException mte ? mte.Error : "timeout", (current.UsableUntil - time.GetUtcNow()).TotalSeconds);
                return current.Token;
            }
        }
    }

    /// <summary>Drops <paramref name="token"/> if it is still the cached one for <paramref name="key"/>.</summary>
    public bool Invalidate(TKey key, AccessToken token)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        lock (entry)
        {
            if (entry.Current is null || !string.Equals(entry.Current.Token.Value, token.Value, StringComparison.Ordinal))
            {
                return false;
            }

            entry.Current = null;
            entry.NextAttemptAt = DateTimeOffset.MinValue;
            return true;
        }
    }

    private async Task FetchAsync<TState>(TState state, Func<TState, Func<bool>, Task<IssuedToken>> fetch, string? scopeTag, Entry entry, TaskCompletionSource<CachedToken> completion)
    {
        bool renewal;
        lock (entry)
        {
            renewal = entry.Current is not null;
        }

        using var activity = metrics.StartAcquisition(options.ClientId!, scopeTag, renewal);
        var started = metrics.AcquisitionDuration.Enabled ? time.GetTimestamp() : 0;
        try
        {
            var issued = await fetch(state, () => HasUsableToken(entry)).ConfigureAwait(false);
            metrics.RecordAcquisition(true, renewal, null, started != 0 ? time.GetElapsedTime(started) : null);
            activity?.SetTag("mandate.outcome", "success");
            var cached = ToCached(issued);
            lock (entry)
            {
                entry.Current = cached;
                entry.InFlight = null;
                entry.FailedRenewals = 0;
                entry.NextAttemptAt = DateTimeOffset.MinValue;
                entry.Rejection = null;
                entry.Rejections = 0;
            }

            if (renewal)
            {
                metrics.Renewals.Add(1);
            }

            completion.SetResult(cached);
        }
        catch (Exception ex)
        {
            var error = ex is MandateTokenException failed ? failed.Error : ex.GetType().Name;
            metrics.RecordAcquisition(false, renewal, error, started != 0 ? time.GetElapsedTime(started) : null);
            if (activity is not null)
            {
                activity.SetTag("mandate.outcome", "failure");
                activity.SetTag("error.type", error);
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
            }

            lock (entry)
            {
                entry.InFlight = null;
                if (ex is MandateTokenException { IsTransient: true } transient)
                {
                    entry.FailedRenewals++;
                    entry.NextAttemptAt = time.GetUtcNow() + (transient.RetryDelay ?? RetryDelays.Backoff(options.Retry, entry.FailedRenewals));
                }
                else
                {
                    // The server rejected the agent (suspended, rotated secret, scope withdrawn): stop using its token.
                    entry.Current = null;
                    if (ex is MandateTokenException rejected)
                    {
                        entry.Rejection = rejected;
                        entry.Rejections++;
                        entry.RejectedUntil = time.GetUtcNow() + RetryDelays.Exponential(options.Retry, entry.Rejections);
                    }
                }
            }

            completion.SetException(ex);
        }
    }

    private bool HasUsableToken(Entry entry)
    {
        lock (entry)
        {
            return entry.Current is { } current && time.GetUtcNow() < current.UsableUntil;
        }
    }

    private CachedToken ToCached(IssuedToken issued)
    {
        // The safety margin is at most a tenth of the token's lifetime, so that short-lived tokens (10 s)
        // still renew at RenewAt instead of at half their life.
        var margin = options.MinimumRemainingLifetime;
        var tenth = issued.Lifetime / 10;
        if (tenth < margin)
        {
            margin = tenth;
        }

        // An exchanged token is never handed out past the subject token's expiry either.
        var end = issued.NotAfter is { } notAfter && notAfter < issued.Token.ExpiresAt ? notAfter : issued.Token.ExpiresAt;
        var usableUntil = end - margin;
        var fraction = options.RenewAt + (options.Jitter * ((2 * RetryDelays.UniformFraction()) - 1));
        var renewAt = issued.SentAt + (issued.Lifetime * fraction);
        return new CachedToken(issued.Token, renewAt < usableUntil ? renewAt : usableUntil, usableUntil);
    }

    private Entry GetOrAddEntry(TKey key)
    {
        if (entries.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var entry = entries.GetOrAdd(key, static _ => new Entry());
        if (capacity is { } max && entries.Count > max)
        {
            Trim(max, entry);
        }

        return entry;
    }

    /// <summary>Brings the cache back to <paramref name="max"/> entries: expired idle entries first, then the
    /// least recently used idle ones. An entry with a request in flight is never evicted (its callers share it).</summary>
    private void Trim(int max, Entry keep)
    {
        lock (trimGate)
        {
            var now = time.GetUtcNow();
            var idle = new List<(KeyValuePair<TKey, Entry> Item, bool Expired, long LastUsed)>();
            foreach (var item in entries)
            {
                var entry = item.Value;
                lock (entry)
                {
                    if (entry.InFlight is null && !ReferenceEquals(entry, keep))
                    {
                        var expired = (entry.Current is null || now >= entry.Current.UsableUntil) && now >= entry.RejectedUntil;
                        idle.Add((item, expired, entry.LastUsed));
                    }
                }
            }

            idle.Sort(static (a, b) => a.Expired != b.Expired ? (a.Expired ? -1 : 1) : a.LastUsed.CompareTo(b.LastUsed));
            foreach (var candidate in idle)
            {
                if (entries.Count <= max)
                {
                    break;
                }

                // Removes the entry only if it is still the one seen (ICollection<KeyValuePair>.Remove semantics).
                // A caller that fetched this entry just before may still start a request on it; its result is then
                // returned to its own callers but not cached: one extra request at worst, never a wrong token.
                if (entries.TryRemove(candidate.Item))
                {
                    metrics.Evictions.Add(1);
                }
            }
        }
    }

    private sealed record CachedToken(AccessToken Token, DateTimeOffset RenewAt, DateTimeOffset UsableUntil);

    private sealed class Entry
    {
        public CachedToken? Current;
        public Task<CachedToken>? InFlight;
        public DateTimeOffset NextAttemptAt = DateTimeOffset.MinValue;
        public int FailedRenewals;
        public MandateTokenException? Rejection;
        public int Rejections;
        public DateTimeOffset RejectedUntil;
        public long LastUsed;
    }
}
