// Fetches client metadata documents and the JWK Sets they point to, for ClientIdMetadataDocumentResolver.
// draft-ietf-oauth-client-id-metadata-document §4 and §6: a GET of the client id URL whose 200 response is a JSON
// object; the authorization server limits the response size and time and guards against SSRF. Here:
//  - only public addresses, checked at connect time (OutboundAddressPolicy); no proxy, so the check is the real peer;
//  - at most MaxDocumentBytes, whether or not Content-Length is sent; one FetchTimeout for the whole exchange;
//  - redirects only within the same scheme, host and port, at most MaxRedirects;
//  - the cache lifetime from Cache-Control max-age / no-store / no-cache or Expires (RFC 9111 §4.2.1), clamped to
//    [MinCacheDuration, MaxCacheDuration].
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Mandate.Server.ClientIdMetadata;

internal sealed class MetadataDocumentFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly ClientIdMetadataDocumentOptions _options;
    private readonly TimeProvider _timeProvider;

    public MetadataDocumentFetcher(IOptions<ClientIdMetadataDocumentOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.FetchTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => OutboundAddressPolicy.ConnectAsync(context, _options.AllowHttpLoopbackForTesting, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>GETs <paramref name="url"/> as JSON under every limit; never throws for network or protocol failures.</summary>
    public async Task<MetadataFetchResult> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.FetchTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await FetchAsync(url, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return MetadataFetchResult.Fail("fetch timed out after " + _options.FetchTimeout.TotalMilliseconds + " ms");
        }
        catch (HttpRequestException exception)
        {
            return MetadataFetchResult.Fail("fetch failed: " + Innermost(exception).Message);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<MetadataFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                if (response.Headers.Location is not { } location || redirects >= _options.MaxRedirects)
                {
                    return MetadataFetchResult.Fail("redirect refused (no Location, or more than " + _options.MaxRedirects + ")");
                }

                var next = new Uri(current, location);
                if (Uri.Compare(next, url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
                {
                    return MetadataFetchResult.Fail("redirect to another scheme, host or port refused: " + next.GetLeftPart(UriPartial.Authority));
                }

                current = next;
                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return MetadataFetchResult.Fail("HTTP " + status);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null || !(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                return MetadataFetchResult.Fail("content type is not JSON: " + (mediaType ?? "none"));
            }

            if (response.Content.Headers.ContentLength > _options.MaxDocumentBytes)
            {
                return MetadataFetchResult.Fail("document larger than " + _options.MaxDocumentBytes + " bytes (Content-Length)");
            }

            var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return body is null
                ? MetadataFetchResult.Fail("document larger than " + _options.MaxDocumentBytes + " bytes")
                : new MetadataFetchResult(body, CacheLifetime(response), null);
        }
    }

    private async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[_options.MaxDocumentBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return length > _options.MaxDocumentBytes ? null : buffer[..length];
        }
    }

    private TimeSpan CacheLifetime(HttpResponseMessage response)
    {
        var cacheControl = response.Headers.CacheControl;
        TimeSpan lifetime;
        if (cacheControl is { NoStore: true } or { NoCache: true })
        {
            lifetime = TimeSpan.Zero;
        }
        else if (cacheControl?.MaxAge is { } maxAge)
        {
            lifetime = maxAge - (response.Headers.Age ?? TimeSpan.Zero);
        }
        else if (response.Content.Headers.Expires is { } expires)
        {
            lifetime = expires - (response.Headers.Date ?? _timeProvider.GetUtcNow());
        }
        else
        {
            lifetime = _options.DefaultCacheDuration;
        }

        return lifetime < _options.MinCacheDuration ? _options.MinCacheDuration : lifetime > _options.MaxCacheDuration ? _options.MaxCacheDuration : lifetime;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
