// RFC 9068 §4 (validating JWT access tokens), RFC 8725 (JWT best practice), RFC 6750 (bearer usage),
// RFC 9728 (protected resource metadata). Every property documents its unit, default and range.
using Mandate.Jose.Algorithms;
using Microsoft.AspNetCore.Authentication;

namespace Mandate.ResourceServer;

/// <summary>Options of the Mandate bearer authentication handler. Validated at start-up.</summary>
public sealed class MandateBearerOptions : AuthenticationSchemeOptions
{
    /// <summary>Creates options with safe defaults; <see cref="Issuer"/> and <see cref="Audience"/> must be set.</summary>
    public MandateBearerOptions() => Events = new MandateBearerEvents();

    /// <summary>The authorization server's issuer identifier; the token's <c>iss</c> must equal it exactly
    /// (RFC 9068 §4 item 3). Required. Must be an absolute <c>https</c> URI unless <see cref="AllowHttpIssuer"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>This API's resource identifier; the token's <c>aud</c> must contain it (RFC 9068 §4 item 4). Required.</summary>
    public string? Audience { get; set; }

    /// <summary>Tolerance applied to <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    /// <value>Between 0 and 5 minutes. Default: 30 seconds.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted token, in characters; longer tokens are rejected before any parsing.</summary>
    /// <value>Between 256 and 65,536. Default: 8,192 (8 KiB).</value>
    public int MaxTokenLength { get; set; } = 8 * 1024;

    /// <summary>JWS algorithms accepted in the token header (RFC 8725 §3.1). <c>none</c> and HS* are never accepted.</summary>
    /// <value>A non-empty subset of ES256, ES384, RS256, PS256. Default: all four.</value>
    public IList<string> AllowedAlgorithms { get; } = [SignatureAlgorithm.ES256.Name, SignatureAlgorithm.ES384.Name, SignatureAlgorithm.RS256.Name, SignatureAlgorithm.PS256.Name];

    /// <summary>How long a fetched JWKS is used before it is refreshed in the background.</summary>
    /// <value>Between 1 minute and 24 hours. Default: 10 minutes.</value>
    public TimeSpan JwksMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Minimum time between two JWKS fetches, so forged <c>kid</c> values cannot flood the issuer.</summary>
    /// <value>Between 1 second and <see cref="JwksMaxAge"/>. Default: 30 seconds.</value>
    public TimeSpan JwksRefreshCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Address of the authorization server metadata (RFC 8414). Default: <c>null</c>, derived from
    /// <see cref="Issuer"/> as RFC 8414 §3.1 describes.</summary>
    public Uri? MetadataAddress { get; set; }

    /// <summary>Handler used for metadata and JWKS requests when <see cref="Backchannel"/> is not set. Default: <c>null</c>.</summary>
    public HttpMessageHandler? BackchannelHttpHandler { get; set; }

    /// <summary>Client used for metadata and JWKS requests. Default: <c>null</c>, created from
    /// <see cref="BackchannelHttpHandler"/> at start-up.</summary>
    public HttpClient? Backchannel { get; set; }

    /// <summary>Timeout of one metadata or JWKS request.</summary>
    /// <value>Between 1 second and 2 minutes. Default: 10 seconds.</value>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Allows an <c>http</c> issuer and <c>jwks_uri</c>. For local development only; start-up logs a warning.
    /// Default: <c>false</c>.</summary>
    public bool AllowHttpIssuer { get; set; }

    /// <summary>Accepts the token in the <c>access_token</c> query parameter (RFC 6750 §2.3), which leaks it into
    /// logs and history. Default: <c>false</c>; a query token is then answered with <c>invalid_request</c>.</summary>
    public bool AllowQueryStringToken { get; set; }

    /// <summary>Maximum number of validated tokens kept to skip signature checks on repeated use; 0 disables the cache.</summary>
    /// <value>Between 0 and 1,000,000. Default: 10,000.</value>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    /// <summary>Subscribes to the issuer's revocation feed (server-sent events, docs/revocation.md) when the host starts
    /// and refuses tokens it lists (by <c>jti</c>, per-agent not-before mark or revoked signing key), without calling the
    /// issuer per request. Needs a Mandate issuer. Default: <c>false</c>, so other issuers are not polled; turn it on
    /// for Mandate, or revoked tokens stay usable until they expire.</summary>
    public bool UseRevocationFeed { get; set; }

    /// <summary>Checks every accepted token's <c>status</c> claim in the issuer's Token Status List
    /// (draft-ietf-oauth-status-list; a Mandate issuer with <c>AddMandateStatusList</c>). Lists are cached per URI, refreshed
    /// after their <c>ttl</c> in the background (and at once on a revocation-feed event when <see cref="UseRevocationFeed"/>
    /// is on), and never used past their <c>exp</c>. A token without a status claim under <see cref="Issuer"/> is refused.
    /// Default: <c>false</c>.</summary>
    public bool UseStatusList { get; set; }

    /// <summary>With <see cref="UseStatusList"/>, when no usable list can be fetched: tokens issued less than this long ago
    /// are accepted, older ones refused (fail closed).</summary>
    /// <value>Between 0 and 10 minutes. Default: 30 seconds.</value>
    public TimeSpan StatusListGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Address of the revocation feed. Default: <c>null</c>, meaning <c>{Issuer}/revocations</c>.</summary>
    public Uri? RevocationFeedAddress { get; set; }

    /// <summary>Client id this API uses at the issuer's introspection endpoint for <c>.RequireIntrospection()</c>
    /// endpoints: an agent allowed the <c>mandate:introspect</c> scope and this API's audience. Default: <c>null</c>.</summary>
    public string? IntrospectionClientId { get; set; }

    /// <summary>Secret of <see cref="IntrospectionClientId"/> (client_secret_basic). Default: <c>null</c>.</summary>
    public string? IntrospectionClientSecret { get; set; }

    /// <summary>RFC 7662 endpoint. Default: <c>null</c>, meaning <c>{Issuer}/introspect</c>.</summary>
    public Uri? IntrospectionEndpoint { get; set; }

    /// <summary>How long an "active" introspection answer is reused; inactive answers are never cached.</summary>
    /// <value>Between 0 (no cache) and 1 minute. Default: 5 seconds.</value>
    public TimeSpan IntrospectionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Optional <c>realm</c> attribute of the <c>WWW-Authenticate</c> challenge (RFC 6750 §3). Default: <c>null</c>.</summary>
    public string? Realm { get; set; }

    /// <summary>The RFC 9728 protected resource metadata served by <c>MapMandateProtectedResourceMetadata()</c>.</summary>
    public ProtectedResourceMetadataOptions ResourceMetadata { get; } = new();

    /// <summary>DPoP (RFC 9449 §7): the <c>DPoP</c> scheme beside Bearer, proof checks, API nonces, <c>RequireDPoP</c>.</summary>
    public Dpop.MandateDpopOptions Dpop { get; } = new();

    /// <summary>Callbacks raised while authenticating; see <see cref="MandateBearerEvents"/>.</summary>
    public new MandateBearerEvents Events
    {
        get => (MandateBearerEvents)base.Events!;
        set => base.Events = value;
    }
}
