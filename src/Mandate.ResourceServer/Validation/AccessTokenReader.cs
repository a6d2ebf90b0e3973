// Builds the typed MandateAccessToken and the claims identity from a payload that JwtValidator has already
// accepted (signature, iss, aud, exp/nbf/iat, required claims). Checks here are only about shape:
// RFC 6749 §3.3 scope syntax, RFC 8693 §4.1 act nesting and RFC 9396 §2 authorization_details; a bad shape rejects the token as InvalidClaim.
using System.Collections.Frozen;
using System.Text.Json;
using Mandate.Jose.Jwt;
using Mandate.Protocol;

namespace Mandate.ResourceServer.Validation;

internal static class AccessTokenReader
{
    public static bool TryRead(JwtClaims claims, string authenticationType, out MandateClaimsIdentity? identity)
    {
        identity = null;
        if (claims.Subject is not { } subject || claims.ClientId is not { } clientId || claims.Issuer is not { } issuer
            || claims.JwtId is not { } jwtId || claims.ExpiresAt is not { } expiresAt || claims.IssuedAt is not { } issuedAt)
        {
            return false;
        }

        IReadOnlyList<string>? scopes = [];
        if (claims.TryGetClaim(JwtClaimNames.Scope, out var scope)
            && (scope.ValueKind != JsonValueKind.String || !ScopeSet.TryParse(scope.GetString(), out scopes)))
        {
            return false;
        }

        IReadOnlyList<MandateActor>? actors = [];
        if (claims.TryGetClaim(JwtClaimNames.Actor, out var act) && !ActorChain.TryRead(act, out actors))
        {
            return false;
        }

        IReadOnlyList<MandateAuthorizationDetail> details = [];
        if (claims.TryGetClaim("authorization_details", out var rawDetails) && !AuthorizationDetailsReader.TryRead(rawDetails, out details))
        {
            return false;
        }

        // RFC 9449 §6.1 / RFC 7800 §3.1: cnf is an object; a bound token names its key by jkt.
        string? jkt = null;
        if (claims.TryGetClaim(JwtClaimNames.Confirmation, out var cnf)
            && (cnf.ValueKind != JsonValueKind.Object || !cnf.TryGetProperty(JwtClaimNames.JwkThumbprint, out var thumbprint)
                || thumbprint.ValueKind != JsonValueKind.String || (jkt = thumbprint.GetString()) is not { Length: > 0 }))
        {
            return false;
        }

        var token = new MandateAccessToken
        {
            AgentId = subject,
            ClientId = clientId,
            Issuer = issuer,
            Scopes = scopes.ToFrozenSet(StringComparer.Ordinal),
            Audiences = claims.Audiences,
            JwtId = jwtId,
            ExpiresAt = expiresAt,
            IssuedAt = issuedAt,
            Actors = actors,
            AuthorizationDetails = details,
            ConfirmationThumbprint = jkt,
        };
        identity = new MandateClaimsIdentity(ClaimsFromPayload.Read(claims.Root, issuer), authenticationType, token);
        return true;
    }
}
