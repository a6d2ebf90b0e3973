// RFC 8414 §3: authorization server metadata at /.well-known/oauth-authorization-server.
using Mandate.Protocol.Metadata;

namespace Mandate.Cli.Http;

/// <summary>The parts of the RFC 8414 metadata document the CLI uses, read with Mandate.Protocol's
/// <see cref="AuthorizationServerMetadata"/>.</summary>
/// <param name="Issuer">The <c>issuer</c> value.</param>
/// <param name="TokenEndpoint">The <c>token_endpoint</c>.</param>
/// <param name="JwksUri">The <c>jwks_uri</c>.</param>
/// <param name="RevocationEndpoint">The RFC 7009 <c>revocation_endpoint</c>, when the server names one.</param>
internal sealed record ServerMetadata(string Issuer, Uri TokenEndpoint, Uri JwksUri, Uri? RevocationEndpoint = null)
{
    /// <summary>Fetches the metadata of the server at <paramref name="baseUrl"/> (the issuer URL or the server's address).</summary>
    /// <returns>The metadata. Throws <see cref="CliException"/>: exit 3 when unreachable, exit 1 when the document is unusable.</returns>
    public static async Task<ServerMetadata> FetchAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        // RFC 8414 §3.1: the well-known segment goes between the host and any issuer path.
        string path = baseUrl.AbsolutePath.TrimEnd('/');
        var metadataUrl = new Uri(baseUrl, AuthorizationServerMetadataNames.WellKnownPath + path);
        using var request = new HttpRequestMessage(HttpMethod.Get, metadataUrl);
        using HttpResponseMessage response = await Reachability.SendAsync(http, request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(ExitCodes.Failure, $"{metadataUrl} answered HTTP {(int)response.StatusCode}; is this a Mandate server?");
        }

        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        AuthorizationServerMetadata? document = AuthorizationServerMetadata.Parse(body);
        string? issuer = document?.Issuer;
        Uri? tokenUri = AuthorizationServerMetadata.AbsoluteUri(document?.TokenEndpoint);
        Uri? jwksUri = AuthorizationServerMetadata.AbsoluteUri(document?.JwksUri);
        if (issuer is null || tokenUri is null || jwksUri is null)
        {
            throw new CliException(ExitCodes.Failure, $"{metadataUrl} is not valid authorization server metadata");
        }

        Uri? revocationUri = AuthorizationServerMetadata.AbsoluteUri(document!.RevocationEndpoint);
        return new ServerMetadata(issuer, tokenUri, jwksUri, revocationUri);
    }

    /// <summary>
    /// Rebases an endpoint advertised by the server onto the address the CLI actually talks to, so a server
    /// reached as http://127.0.0.1:5080 whose issuer is a public URL is still usable from the same machine.
    /// </summary>
    public static Uri Rebase(Uri endpoint, Uri issuer, Uri serverUrl)
    {
        if (string.Equals(endpoint.GetLeftPart(UriPartial.Authority), serverUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return endpoint;
        }

        string issuerPath = issuer.AbsolutePath.TrimEnd('/');
        string relative = endpoint.AbsolutePath.StartsWith(issuerPath, StringComparison.Ordinal)
            ? endpoint.AbsolutePath[issuerPath.Length..]
            : endpoint.AbsolutePath;
        return new Uri(serverUrl.GetLeftPart(UriPartial.Authority) + serverUrl.AbsolutePath.TrimEnd('/') + relative + endpoint.Query);
    }
}
