// RFC 7662 §2.2 members for an active refresh token, shown to its own client only: scope (as originally
// granted), client_id, exp (this token's idle expiry, never after the family's), iat, sub, aud and the act chain
// of the access tokens it yields. token_type is left out: RFC 7662 defines it as the access token type
// (RFC 6749 §5.1), which a refresh token does not have.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Storage;

namespace Mandate.Server.Grants.RefreshToken;

internal static class RefreshTokenIntrospection
{
    public static void WriteClaims(Utf8JsonWriter writer, RefreshTokenRecord record)
    {
        if (record.Scopes.Count > 0)
        {
            writer.WriteString(JwtClaimNames.Scope, string.Join(' ', record.Scopes));
        }

        writer.WriteString(JwtClaimNames.ClientId, record.ClientId);
        writer.WriteNumber(JwtClaimNames.ExpirationTime, record.ExpiresAt.ToUnixTimeSeconds());
        writer.WriteNumber(JwtClaimNames.IssuedAt, record.IssuedAt.ToUnixTimeSeconds());
        writer.WriteString(JwtClaimNames.Subject, record.Subject);
        writer.WriteString(JwtClaimNames.Audience, record.Audience);
        ActorChain.Write(writer, record.Actors);
    }
}
