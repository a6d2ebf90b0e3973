// The issuer's signing keys, cached per authentication scheme and registered in DI (through
// AccessTokenValidatorCollection). Behaviour follows panva/jose's remote JWKS set:
// - keys older than MaxAge are refreshed in the background while the old ones keep serving;
// - an unknown kid triggers one refetch, shared by all concurrent callers (single-flight), and the caller retries
//   validation in the same request, so key rollover never produces a 401 (dotnet/aspnetcore#28948);
// - fetches start at most once per RefreshCooldown, so forged kids cannot turn us into a flood against the issuer;
// - a failed fetch keeps the stale keys (the issuer being down must not take the API down).
// Replaced VerificationKeys are not disposed: in-flight requests may still hold them; the GC reclaims them.
using Mandate.Jose;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.ResourceServer.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Jwks;

internal sealed class JwksCache(IssuerMetadataClient client, JwksCacheSettings settings, TimeProvider timeProvider, MandateBearerMetrics metrics, ILogger logger)
{
    private readonly Lock _gate = new();
    private volatile KeySetSnapshot? _current;
    private Task<VerificationKeySet?>? _inflight;
    private DateTimeOffset? _lastAttemptAt;
    private Uri? _jwksUri;

    /// <summary>The keys in use now, or <c>null</c> before the first successful fetch.</summary>
    public VerificationKeySet? Current => _current?.Keys;

    /// <summary>Returns the cached keys, fetching them first when there are none. Keys older than the max age are
    /// returned as they are while a background refresh runs. Returns <c>null</c> when no keys could be obtained.</summary>
    public ValueTask<VerificationKeySet?> GetKeysAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        var now = timeProvider.GetUtcNow();
        if (current is null)
        {
            var fetch = StartRefresh(now);
            return fetch is null ? ValueTask.FromResult<VerificationKeySet?>(null) : new(fetch.WaitAsync(cancellationToken));
        }

        if (now - current.FetchedAt >= settings.MaxAge)
        {
            // Background refresh; its outcome is observed inside FetchAsync, which never throws.
            _ = StartRefresh(now);
        }

        return ValueTask.FromResult<VerificationKeySet?>(current.Keys);
    }

    /// <summary>Called when <paramref name="seen"/> had no key for the token's kid. Returns a newer key set when one
    /// exists or could be fetched; returns <paramref name="seen"/> (or <c>null</c>) when the cooldown forbids a fetch.</summary>
    public async Task<VerificationKeySet?> RefreshForUnknownKeyAsync(VerificationKeySet? seen, string? keyId, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !ReferenceEquals(current.Keys, seen))
        {
            return current.Keys; // another request refreshed meanwhile
        }

        var fetch = StartRefresh(timeProvider.GetUtcNow());
        // The kid comes from a token not yet verified: bounded and escaped before it is logged.
        var loggedKeyId = UntrustedText.ForRecord(keyId, UntrustedText.MaxIdentifierLength);
        if (fetch is null)
        {
            Log.RefreshSuppressedByCooldown(logger, loggedKeyId);
            return seen;
        }

        Log.RefreshingForUnknownKey(logger, loggedKeyId);
        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Joins the fetch in flight, or starts one unless the last attempt is within the cooldown.</summary>
    private Task<VerificationKeySet?>? StartRefresh(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_inflight is { IsCompleted: false })
            {
                return _inflight;
            }

            if (_lastAttemptAt is { } last && now - last < settings.RefreshCooldown)
            {
                return null;
            }

            _lastAttemptAt = now;
            // The shared fetch must not be cancelled by the request that happened to start it.
            _inflight = Task.Run(FetchAsync, CancellationToken.None);
            return _inflight;
        }
    }

    private async Task<VerificationKeySet?> FetchAsync()
    {
        try
        {
            var jwksUri = _jwksUri ?? await client.DiscoverJwksUriAsync(CancellationToken.None).ConfigureAwait(false);
            _jwksUri = jwksUri;
            var raw = await client.GetJwksAsync(jwksUri, CancellationToken.None).ConfigureAwait(false);
            var now = timeProvider.GetUtcNow();
            var current = _current;
            if (current is not null && raw.AsSpan().SequenceEqual(current.RawJwks))
            {
                // Same document: keep the same key set object so validated-token cache entries stay valid.
                _current = current with { FetchedAt = now };
                metrics.JwksFetch("unchanged");
                Log.JwksUnchanged(logger, jwksUri);
                return current.Keys;
            }

            if (!JsonWebKeySet.TryParse(raw, out var jwks, out var error) || jwks is null)
            {
                throw new InvalidDataException($"JWKS rejected: {error}.");
            }

            var keys = VerificationKeySet.FromJwks(jwks);
            if (keys.Count == 0)
            {
                Log.JwksEmpty(logger, jwksUri);
                metrics.JwksFetch("failure");
                return current?.Keys;
            }

            _current = new KeySetSnapshot(keys, raw, now);
            metrics.JwksFetch("success");
            Log.JwksFetched(logger, jwksUri, keys.Count);
            return keys;
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidDataException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // Rediscover next time: the jwks_uri itself may have moved.
            _jwksUri = null;
            metrics.JwksFetch("failure");
            Log.JwksFetchFailed(logger, settings.Issuer, exception);
            return _current?.Keys;
        }
    }
}
