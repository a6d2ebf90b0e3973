// RFC 8414 §3: fetches the authorization server metadata and then the JWKS (RFC 7517 §5) it points to.
// RFC 8414 §3.3: the metadata's "issuer" must equal the configured issuer, or the document is not used.
// Responses are capped at 1 MiB so a hostile or broken endpoint cannot exhaust memory.
using System.Text.Json;
using Mandate.Protocol.Metadata;
using Mandate.ResourceServer.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Jwks;

internal sealed class IssuerMetadataClient(HttpClient backchannel, JwksCacheSettings settings, ILogger logger)
{
    private const int MaxResponseBytes = 1024 * 1024;

    /// <summary>Reads <c>jwks_uri</c> from the metadata document. Throws <see cref="InvalidDataException"/> when the
    /// document is unusable and <see cref="HttpRequestException"/> on transport failures.</summary>
    public async Task<Uri> DiscoverJwksUriAsync(CancellationToken cancellationToken)
    {
        var bytes = await GetAsync(settings.MetadataAddress, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Reject("not a JSON object");
        }

        if (!Mandate.Protocol.JsonUnicode.HasOnlyValidStrings(root))
        {
            throw Reject("a string is not valid Unicode");
        }

        var metadata = AuthorizationServerMetadata.Parse(bytes);
        if (metadata is null)
        {
            throw Reject("a member has the wrong JSON type");
        }

        // RFC 8414 §3.3: the issuer value returned MUST be identical to the issuer the metadata was derived from.
        if (!string.Equals(metadata.Issuer, settings.Issuer, StringComparison.Ordinal))
        {
            throw Reject("issuer does not match the configured issuer");
        }

        if (AuthorizationServerMetadata.AbsoluteUri(metadata.JwksUri) is not { } jwksUri)
        {
            throw Reject("jwks_uri is missing or not an absolute URI");
        }

        if (jwksUri.Scheme != Uri.UriSchemeHttps && !(settings.AllowHttp && jwksUri.Scheme == Uri.UriSchemeHttp))
        {
            throw Reject("jwks_uri is not https");
        }

        return jwksUri;
    }

    /// <summary>Returns the raw JWKS document.</summary>
    public Task<byte[]> GetJwksAsync(Uri jwksUri, CancellationToken cancellationToken) => GetAsync(jwksUri, cancellationToken);

    private InvalidDataException Reject(string reason)
    {
        Log.MetadataRejected(logger, settings.MetadataAddress, reason);
        return new InvalidDataException($"Authorization server metadata rejected: {reason}.");
    }

    private async Task<byte[]> GetAsync(Uri address, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await backchannel.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new InvalidDataException("Response too large.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new InvalidDataException("Response too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
