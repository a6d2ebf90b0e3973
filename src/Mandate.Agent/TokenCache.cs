// Agent-side token cache, one entry per (scope, resource). Renewal point = sent-at + lifetime ×
// (RenewAt ± Jitter); a token is handed out only while more than MinimumRemainingLifetime is left.
// Single-flight: one TaskCompletionSource per entry is the in-flight request every caller awaits;
// the entry lock guards field swaps only and is never held across an await.
// While a renewal fails transiently and the current token is still usable, callers keep getting
// the current token and the next renewal attempt waits for Retry-After or a full-jitter backoff.
namespace Mandate.Agent;

internal sealed class TokenCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TokenRequestParameters, Entry> entries = new();
    private readonly Func<TokenRequestParameters, Func<bool>, Task<IssuedToken>> fetch;
    private readonly MandateTokenClientOptions options;
    private readonly TimeProvider time;
    private readonly MandateAgentMetrics metrics;
    private readonly Action<string, double> renewalFailed;

    public TokenCache(Func<TokenRequestParameters, Func<bool>, Task<IssuedToken>> fetch, MandateTokenClientOptions options,
        TimeProvider time, MandateAgentMetrics metrics, Action<string, double> renewalFailed)
    {
        this.fetch = fetch;
        this.options = options;
        this.time = time;
        this.metrics = metrics;
        this.renewalFailed = renewalFailed;
    }

    public async Task<AccessToken> GetAsync(TokenRequestParameters key, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(key, static _ => new Entry());
        for (var pass = 0; ; pass++)
        {
            var now = time.GetUtcNow();
            CachedToken? current;
            Task<CachedToken> pending;
            TaskCompletionSource<CachedToken>? started = null;
            lock (entry)
            {
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
                _ = FetchAsync(key, entry, started);
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
    public bool Invalidate(TokenRequestParameters key, AccessToken token)
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

    private async Task FetchAsync(TokenRequestParameters key, Entry entry, TaskCompletionSource<CachedToken> completion)
    {
        bool renewal;
        lock (entry)
        {
            renewal = entry.Current is not null;
        }

        try
        {
            var issued = await fetch(key, () => HasUsableToken(entry)).ConfigureAwait(false);
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

        var usableUntil = issued.Token.ExpiresAt - margin;
        var fraction = options.RenewAt + (options.Jitter * ((2 * RetryDelays.UniformFraction()) - 1));
        var renewAt = issued.SentAt + (issued.Lifetime * fraction);
        return new CachedToken(issued.Token, renewAt < usableUntil ? renewAt : usableUntil, usableUntil);
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
    }
}
