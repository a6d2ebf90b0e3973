// Verification keys of trusted issuers. A static JWKS is parsed once per record. A jwks_uri is fetched and cached
// per URI, the way Mandate.ResourceServer's JwksCache does it (a server-side copy, so the server does not depend on
// the resource-server library): keys older than JwksMaxAge are refreshed in the background while the old ones keep
// serving; an unknown kid triggers one refetch shared by concurrent callers; fetches start at most once per
// JwksRefreshCooldown, so forged kids cannot turn Mandate into a flood against the issuer; a failed fetch keeps the
// stale keys. Keys come only from the registered source: header jku/x5u/jwk/x5c are never used (JwtValidator), and
// each key's own alg fixes the algorithm (RSA keys without alg are skipped, EC keys take their curve's algorithm).
using System.Collections.Concurrent;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.TrustedIssuers;

internal sealed class TrustedIssuerKeys(TimeProvider timeProvider, IOptions<TrustedIssuerOptions> options, ILogger<TrustedIssuerKeys> logger) : IDisposable
{
    private const int MaxJwksBytes = 256 * 1024;

    private readonly TrustedIssuerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, RemoteEntry> _remote = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Jwks, VerificationKeySet Keys)> _static = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
    {
        Timeout = options.Value.JwksFetchTimeout,
        MaxResponseContentBufferSize = MaxJwksBytes,
    };

    /// <summary>The issuer's keys; empty when none could be obtained.</summary>
    public async ValueTask<VerificationKeySet> GetKeysAsync(TrustedIssuer issuer, CancellationToken cancellationToken)
    {
        if (issuer.Jwks is { } jwks)
        {
            return Static(issuer.Name, jwks);
        }

        var entry = Remote(issuer.JwksUri!);
        var current = entry.Current;
        var now = timeProvider.GetUtcNow();
        if (current is null)
        {
            var fetch = entry.StartRefresh(now, this);
            return fetch is null ? VerificationKeySet.Empty : await fetch.WaitAsync(cancellationToken).ConfigureAwait(false) ?? VerificationKeySet.Empty;
        }

        if (now - current.FetchedAt >= _options.JwksMaxAge)
        {
            _ = entry.StartRefresh(now, this);
        }

        return current.Keys;
    }

    /// <summary>Called after an unknown kid: a newer key set when one exists or could be fetched within the cooldown, else <paramref name="seen"/>.</summary>
    public async ValueTask<VerificationKeySet> RefreshForUnknownKeyAsync(TrustedIssuer issuer, VerificationKeySet seen, CancellationToken cancellationToken)
    {
        if (issuer.JwksUri is null)
        {
            return seen;
        }

        var entry = Remote(issuer.JwksUri);
        if (entry.Current is { } current && !ReferenceEquals(current.Keys, seen))
        {
            return current.Keys;
        }

        var fetch = entry.StartRefresh(timeProvider.GetUtcNow(), this);
        if (fetch is null)
        {
            Log.TrustedJwksRefreshSuppressed(logger, issuer.JwksUri);
            return seen;
        }

        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false) ?? seen;
    }

    public void Dispose() => _http.Dispose();

    private VerificationKeySet Static(string name, string jwks)
    {
        if (_static.TryGetValue(name, out var cached) && string.Equals(cached.Jwks, jwks, StringComparison.Ordinal))
        {
            return cached.Keys;
        }

        var keys = JsonWebKeySet.TryParse(jwks, out var set, out _) && set is not null ? VerificationKeySet.FromJwks(set) : VerificationKeySet.Empty;
        _static[name] = (jwks, keys);
        return keys;
    }

    private RemoteEntry Remote(string uri) => _remote.GetOrAdd(uri, static u => new RemoteEntry(u));

    private async Task<VerificationKeySet?> FetchAsync(RemoteEntry entry)
    {
        try
        {
            using var response = await _http.GetAsync(entry.Uri, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
            }

            var raw = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            if (!JsonWebKeySet.TryParse(raw, out var set, out var error) || set is null)
            {
                throw new InvalidDataException($"JWKS rejected: {error}.");
            }

            var keys = VerificationKeySet.FromJwks(set);
            if (keys.Count == 0)
            {
                throw new InvalidDataException("JWKS holds no usable signing key.");
            }

            entry.Current = new Fetched(keys, timeProvider.GetUtcNow());
            Log.TrustedJwksFetched(logger, entry.Uri, keys.Count);
            return keys;
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidDataException or TaskCanceledException or System.Text.Json.JsonException)
        {
            Log.TrustedJwksFetchFailed(logger, entry.Uri, exception.Message);
            return entry.Current?.Keys;
        }
    }

    private sealed record Fetched(VerificationKeySet Keys, DateTimeOffset FetchedAt);

    private sealed class RemoteEntry(string uri)
    {
        private readonly Lock _gate = new();
        private Task<VerificationKeySet?>? _inflight;
        private DateTimeOffset? _lastAttemptAt;
        private volatile Fetched? _current;

        public string Uri { get; } = uri;

        public Fetched? Current
        {
            get => _current;
            set => _current = value;
        }

        public Task<VerificationKeySet?>? StartRefresh(DateTimeOffset now, TrustedIssuerKeys owner)
        {
            lock (_gate)
            {
                if (_inflight is { IsCompleted: false })
                {
                    return _inflight;
                }

                if (_lastAttemptAt is { } last && now - last < owner._options.JwksRefreshCooldown)
                {
                    return null;
                }

                _lastAttemptAt = now;
                _inflight = Task.Run(() => owner.FetchAsync(this), CancellationToken.None);
                return _inflight;
            }
        }
    }
}
