// Validates a subject_token or actor_token presented to the token exchange: an RFC 9068 access token of this
// server (our keys, our iss, typ at+jwt, signature before claims, exp with skew) that is not revoked (jti, key,
// or a not-before mark of its subject or client).
using Mandate.Jose.Jwt;
using Mandate.Server.Revocation;

namespace Mandate.Server.Grants.TokenExchange;

internal sealed class ExchangedTokenReader(IssuedTokenReader reader, RevocationList revocations)
{
    /// <summary>The token's claims, or null when it is not a live, unrevoked token of this server.</summary>
    public JwtClaims? Read(string token)
    {
        var (claims, keyId) = reader.ReadForExchange(token);
        if (claims is null || claims.JwtId is null || claims.ExpiresAt is null)
        {
            return null;
        }

        return revocations.IsRevoked(claims.JwtId, claims.Subject, claims.ClientId, claims.IssuedAt, keyId) ? null : claims;
    }
}
