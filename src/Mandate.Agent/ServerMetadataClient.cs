// RFC 8414 §3: authorization server metadata. RFC 8414 §3.1 puts the well-known segment between the
// host and the issuer's path (https://host/.well-known/oauth-authorization-server/tenant); that is
// asked first. For an issuer with a path, a 404 there falls back to the appended form
// ({issuer}/.well-known/oauth-authorization-server), which a proxy that strips the issuer's path
// forwards to Mandate's root. RFC 8414 §3.3: the returned issuer must equal the configured one.
// The token endpoint is cached for the client's lifetime; a failed discovery is not cached, so the
// next token request tries again (single-flight).
using System.Net;
using Mandate.Protocol.Metadata;

namespace Mandate.Agent;

internal sealed class ServerMetadataClient
{
    private readonly Func<HttpClient> httpClient;
    private readonly MandateTokenClientOptions options;
    private readonly Microsoft.Extensions.Logging.ILogger logger;
    private readonly object gate = new();
    private Task<Uri>? pending;

    public ServerMetadataClient(Func<HttpClient> httpClient, MandateTokenClientOptions options, Microsoft.Extensions.Logging.ILogger logger)
    {
        this.httpClient = httpClient;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>The token endpoint. Throws <see cref="MandateTokenException"/> when discovery fails.</summary>
    public Task<Uri> GetTokenEndpointAsync(CancellationToken cancellationToken)
    {
        if (options.TokenEndpoint is { } configured)
        {
            return Task.FromResult(configured);
        }

        Task<Uri> task;
        lock (gate)
        {
            if (pending is null || pending.IsFaulted || pending.IsCanceled)
            {
                pending = Task.Run(FetchAsync, CancellationToken.None);
            }

            task = pending;
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<Uri> FetchAsync()
    {
        var issuer = options.Issuer!;
        var issuerText = issuer.AbsoluteUri.TrimEnd('/');
        var path = issuer.AbsolutePath.TrimEnd('/');
        var (status, body) = await GetAsync(new Uri(issuer.GetLeftPart(UriPartial.Authority) + AuthorizationServerMetadataNames.WellKnownPath + path)).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound && path.Length > 0)
        {
            (status, body) = await GetAsync(new Uri(issuerText + AuthorizationServerMetadataNames.WellKnownPath)).ConfigureAwait(false);
        }

        if ((int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
        {
            throw new MandateTokenException("temporarily_unavailable", "The authorization server metadata is temporarily unavailable.", status, isTransient: true);
        }

        var metadata = status == HttpStatusCode.OK ? AuthorizationServerMetadata.Parse(body) : null;
        if (metadata?.Issuer is null || !string.Equals(metadata.Issuer.TrimEnd('/'), issuerText, StringComparison.Ordinal))
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The issuer does not serve RFC 8414 metadata for itself.", status, isTransient: false);
        }

        if (!Uri.TryCreate(metadata.TokenEndpoint, UriKind.Absolute, out var tokenEndpoint)
            || !(tokenEndpoint.Scheme == Uri.UriSchemeHttps || (tokenEndpoint.Scheme == Uri.UriSchemeHttp && tokenEndpoint.IsLoopback)))
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The metadata has no usable token_endpoint.", status, isTransient: false);
        }

        Log.MetadataDiscovered(logger, issuer, tokenEndpoint);
        return tokenEndpoint;
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> GetAsync(Uri url)
    {
        try
        {
            using var response = await httpClient().GetAsync(url, CancellationToken.None).ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new MandateTokenException("temporarily_unavailable", "The authorization server metadata could not be fetched.", null, isTransient: true, ex);
        }
    }
}
