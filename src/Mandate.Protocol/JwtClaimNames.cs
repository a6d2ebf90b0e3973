namespace Mandate.Protocol;

/// <summary>JWT claim names used by Mandate (RFC 7519 §4.1, RFC 9068 §2.2, RFC 8693 §4, RFC 9449 §6).</summary>
public static class JwtClaimNames
{
    public const string Issuer = "iss";
    public const string Subject = "sub";
    public const string Audience = "aud";
    public const string ExpirationTime = "exp";
    public const string NotBefore = "nbf";
    public const string IssuedAt = "iat";
    public const string JwtId = "jti";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Actor = "act";
    public const string MayAct = "may_act";
    public const string Confirmation = "cnf";

    /// <summary>RFC 9449 §6.1: the JWK SHA-256 thumbprint member of <c>cnf</c>.</summary>
    public const string JwkThumbprint = "jkt";
    public const string AuthorizationDetails = "authorization_details";

    /// <summary>Mandate: the <c>jti</c> of the token a token-exchange result was derived from (for cascading revocation).</summary>
    public const string ParentTokenId = "parent_jti";
}
