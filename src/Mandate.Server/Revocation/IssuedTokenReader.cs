// Reads a token presented to /revoke or /introspect: it must be an RFC 9068 access token this server issued
// (typ at+jwt, our iss, a published key, valid signature, not expired). Audience is not checked here; the
// endpoints decide who may act on which token.
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.Keys;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Revocation;

internal sealed class IssuedTokenReader(SigningKeyRing keys, IssuerUris uris, TimeProvider timeProvider)
{
    private readonly JwtValidationParameters _parameters = new()
    {
        ValidIssuer = uris.Issuer,
        ValidTypes = [TokenTypes.AccessTokenJwtType, TokenTypes.AccessTokenJwtMediaType],
        // The server's own token, checked on the server's own clock: no skew, so it is refused the moment exp passes
        // (ClockSkew is for other parties' clocks).
        ClockSkew = TimeSpan.Zero,
        TimeProvider = timeProvider,
        RequiredClaims = [JwtClaimNames.Issuer, JwtClaimNames.Subject, JwtClaimNames.ExpirationTime, JwtClaimNames.IssuedAt, JwtClaimNames.JwtId, JwtClaimNames.ClientId],
    };

    /// <summary>The validated claims and kid, or null for anything that is not a live token of this server.</summary>
    public (JwtClaims? Claims, string? KeyId) Read(string token)
    {
        var result = JwtValidator.Validate(token, keys.Snapshot.VerificationKeys, _parameters);
        return result.IsValid && result.Claims is not null ? (result.Claims, result.KeyId) : (null, null);
    }
}
