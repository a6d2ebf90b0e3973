// RFC 7662 §2.1 client for .RequireIntrospection(): POST {issuer}/introspect with the resource server's own client
// credentials (client_secret_basic, RFC 6749 §2.3.1), "active": true required. Positive answers are cached for
// IntrospectionCacheDuration (by a 16-byte hash of the token, never the token itself); negative answers are not
// cached, so a token refused once is asked about again next time. Any failure (issuer unreachable, non-200,
// bad JSON) counts as inactive: fail closed.
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.ResourceServer.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Revocation;

internal sealed class IntrospectionClient(TimeProvider timeProvider, MandateBearerMetrics metrics, ILoggerFactory loggerFactory)
{
    private const int MaxCacheEntries = 10_000;

    private readonly ConcurrentDictionary<UInt128, long> _positive = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("Mandate.ResourceServer");

    /// <summary>Number of introspection requests sent (for tests and diagnostics).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;

    /// <summary>True when the issuer says the token is active (or said so within the cache duration).</summary>
    public async Task<bool> IsActiveAsync(string token, MandateBearerOptions options, CancellationToken cancellationToken)
    {
        var key = RevocationDenyList.Hash(token);
        var now = timeProvider.GetUtcNow().UtcTicks;
        if (_positive.TryGetValue(key, out var until) && until > now)
        {
            metrics.IntrospectionCacheHit();
            return true;
        }

        Interlocked.Increment(ref _requests);
        try
        {
            var endpoint = options.IntrospectionEndpoint ?? new Uri(options.Issuer!.TrimEnd('/') + "/introspect");
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                Uri.EscapeDataString(options.IntrospectionClientId ?? "") + ":" + Uri.EscapeDataString(options.IntrospectionClientSecret ?? ""))));
            using var response = await options.Backchannel!.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Log.IntrospectionFailed(_logger, (int)response.StatusCode);
                metrics.Introspection("error");
                return false;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            if (!Mandate.Protocol.JsonUnicode.HasOnlyValidStrings(json.RootElement))
            {
                throw new JsonException("The introspection response holds a string that is not valid Unicode.");
            }

            var active = json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("active", out var value) && value.ValueKind == JsonValueKind.True;
            if (active && options.IntrospectionCacheDuration > TimeSpan.Zero)
            {
                if (_positive.Count >= MaxCacheEntries)
                {
                    _positive.Clear();
                }

                _positive[key] = now + options.IntrospectionCacheDuration.Ticks;
            }

            metrics.Introspection(active ? "active" : "inactive");
            return active;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
        {
            Log.IntrospectionFailed(_logger, 0);
            metrics.Introspection("error");
            return false;
        }
    }
}
