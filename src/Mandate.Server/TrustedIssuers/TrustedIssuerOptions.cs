namespace Mandate.Server.TrustedIssuers;

/// <summary>Settings for trusted external issuers, the jwt-bearer grant and ID-JAG issuance (docs/delegation.md).</summary>
public sealed class TrustedIssuerOptions
{
    /// <summary>Allow <c>http</c> jwks_uri values on loopback hosts (tests, local development). Default false: https only.</summary>
    public bool AllowHttpJwksOnLoopback { get; set; }

    /// <summary>Keys older than this are refreshed in the background. Default 10 minutes.</summary>
    public TimeSpan JwksMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most one fetch per jwks_uri per this interval (an unknown kid cannot flood the issuer). Default 30 seconds.</summary>
    public TimeSpan JwksRefreshCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one JWKS fetch. Default 5 seconds.</summary>
    public TimeSpan JwksFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the registry rereads the store, so nodes see records added elsewhere. Default 30 seconds.</summary>
    public TimeSpan RegistryRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Issuer URLs of other authorization servers that trust Mandate and may receive an ID-JAG
    /// (<c>requested_token_type=urn:ietf:params:oauth:token-type:id-jag</c>). Empty (the default): ID-JAG issuance is closed.
    /// </summary>
    public IList<string> IdJagAudiences { get; } = [];

    /// <summary>Maximum lifetime of an issued ID-JAG. Default 5 minutes.</summary>
    public TimeSpan IdJagLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
