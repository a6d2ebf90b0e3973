namespace Mandate.Server.ClientIdMetadata;

/// <summary>
/// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): a <c>client_id</c> that is an
/// <c>https</c> URL is resolved by fetching the JSON document it names. Closed by default: with no
/// <see cref="Trust"/> rule nothing is fetched, discovery does not advertise the feature, and such a client id is
/// refused like any unknown one.
/// </summary>
public sealed class ClientIdMetadataDocumentOptions
{
    /// <summary>
    /// Which client id URLs are trusted, and what their clients may get. The first rule whose
    /// <see cref="ClientIdMetadataDocumentTrust.UrlPrefix"/> starts the client id applies. Default: empty (closed).
    /// </summary>
    public IList<ClientIdMetadataDocumentTrust> Trust { get; } = [];

    /// <summary>Largest document (and <c>jwks_uri</c> JWK Set) accepted, in bytes.</summary>
    /// <value>Between 1,024 and 65,536. Default: 8,192.</value>
    public int MaxDocumentBytes { get; set; } = 8 * 1024;

    /// <summary>Time allowed for one fetch, from connecting to the last byte.</summary>
    /// <value>Between 100 milliseconds and 30 seconds. Default: 5 seconds.</value>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Same-host redirects followed per fetch; a redirect to another scheme, host or port is always refused.</summary>
    /// <value>Between 0 and 5. Default: 2.</value>
    public int MaxRedirects { get; set; } = 2;

    /// <summary>How long a document is kept when its response carries no caching headers.</summary>
    /// <value>Between <see cref="MinCacheDuration"/> and <see cref="MaxCacheDuration"/>. Default: 5 minutes.</value>
    public TimeSpan DefaultCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Floor of the cache lifetime, also applied to <c>no-store</c>/<c>no-cache</c>/<c>max-age=0</c> responses, so a
    /// client cannot make Mandate fetch its document on every token request.
    /// </summary>
    /// <value>Between zero and 10 minutes. Default: 30 seconds.</value>
    public TimeSpan MinCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ceiling of the cache lifetime, whatever <c>max-age</c> or <c>Expires</c> say.</summary>
    /// <value>Between 1 minute and 24 hours. Default: 1 hour.</value>
    public TimeSpan MaxCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Tests and local development only: accept <c>http</c> client ids on loopback hosts and let fetches connect to
    /// loopback addresses. Private, link-local and other non-public addresses stay refused. Default: false, and
    /// the server logs a warning at start when it is set.
    /// </summary>
    public bool AllowHttpLoopbackForTesting { get; set; }
}
