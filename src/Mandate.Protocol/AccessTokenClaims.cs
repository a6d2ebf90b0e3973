// RFC 9068 §2.2: the claims every JWT access token carries, and §4 item 1: its typ. One list for every validator of
// Mandate's access tokens: the resource-server library, the server's own endpoints and `mandate token inspect`.
namespace Mandate.Protocol;

/// <summary>What an RFC 9068 JWT access token from Mandate must carry.</summary>
public static class AccessTokenClaims
{
    /// <summary>The RFC 9068 §2.2 REQUIRED claims (<c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>, <c>jti</c>,
    /// <c>client_id</c>).</summary>
    public static IReadOnlyList<string> Required { get; } =
        [JwtClaimNames.Issuer, JwtClaimNames.Subject, JwtClaimNames.Audience, JwtClaimNames.ExpirationTime, JwtClaimNames.IssuedAt, JwtClaimNames.JwtId, JwtClaimNames.ClientId];

    /// <summary>The RFC 9068 §4 <c>typ</c> values: <c>at+jwt</c> and <c>application/at+jwt</c>.</summary>
    public static IReadOnlyList<string> JwtTypes { get; } = [TokenTypes.AccessTokenJwtType, TokenTypes.AccessTokenJwtMediaType];
}
