// Writes an Identity Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant §3):
// header typ oauth-id-jag+jwt (RFC 8725 §3.11 explicit typing), claims iss, sub, aud (the other authorization
// server's issuer), client_id, jti, exp, iat, and scope/resource when present. Signed with Mandate's active key, so
// the receiving server verifies it with Mandate's published JWKS. The response says token_type N_A (draft §4.3.2):
// an ID-JAG is a grant, not an access token.
using System.Security.Cryptography;
using System.Text.Json;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.Server.Grants;

namespace Mandate.Server.Tokens;

internal static class IdJagWriter
{
    public const string Type = "oauth-id-jag+jwt";

    public static TokenResponse Write(SigningKey key, string issuer, ApprovedGrant grant, long now)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var jti = Mandate.Jose.Base64Url.Encode(random);
        var lifetime = (long)grant.Lifetime.TotalSeconds;
        var scope = string.Join(' ', grant.Scopes);

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(JwtClaimNames.Issuer, issuer);
            json.WriteString(JwtClaimNames.Subject, grant.Subject);
            json.WriteString(JwtClaimNames.Audience, grant.Audience);
            json.WriteString(JwtClaimNames.ClientId, grant.ClientId);
            json.WriteString(JwtClaimNames.JwtId, jti);
            json.WriteNumber(JwtClaimNames.ExpirationTime, now + lifetime);
            json.WriteNumber(JwtClaimNames.IssuedAt, now);
            if (scope.Length > 0)
            {
                json.WriteString(JwtClaimNames.Scope, scope);
            }

            if (grant.Resource is not null)
            {
                json.WriteString(OAuthParameters.Resource, grant.Resource);
            }

            json.WriteEndObject();
        }

        return new TokenResponse
        {
            AccessToken = JwsWriter.CreateCompact(key, Type, buffer.WrittenSpan),
            TokenType = "N_A",
            ExpiresIn = lifetime,
            Scope = scope,
            TokenId = jti,
            KeyId = key.KeyId,
            IssuedTokenType = TokenTypes.IdJag,
        };
    }
}
