namespace Mandate.Protocol;

/// <summary>Token type URIs (RFC 8693 §3) and the access token <c>typ</c> header (RFC 9068 §2.1).</summary>
public static class TokenTypes
{
    public const string AccessToken = "urn:ietf:params:oauth:token-type:access_token";
    public const string RefreshToken = "urn:ietf:params:oauth:token-type:refresh_token";
    public const string Jwt = "urn:ietf:params:oauth:token-type:jwt";
    public const string IdToken = "urn:ietf:params:oauth:token-type:id_token";
    public const string IdJag = "urn:ietf:params:oauth:token-type:id-jag";

    /// <summary>RFC 9068 §2.1 JOSE header <c>typ</c> of a JWT access token.</summary>
    public const string AccessTokenJwtType = "at+jwt";

    /// <summary>RFC 9068 §4: the long form that validators must also accept.</summary>
    public const string AccessTokenJwtMediaType = "application/at+jwt";

    /// <summary>The <c>token_type</c> value in a token response (RFC 6750).</summary>
    public const string Bearer = "Bearer";

    /// <summary>RFC 9449 §5: the <c>token_type</c> of a DPoP-bound access token, and the authorization scheme that presents it (§7.1).</summary>
    public const string DPoP = "DPoP";
}
