// RFC 9449 §6.1 (cnf.jkt in a JWT access token) and RFC 7800 §3.1 (the cnf claim): reading the key binding of
// a token this server issued.
using System.Text.Json;
using Mandate.Jose.Jwt;
using Mandate.Protocol;

namespace Mandate.Server.Dpop;

internal static class ConfirmationKey
{
    /// <summary>The <c>cnf.jkt</c> of <paramref name="claims"/>, or null when the token is not DPoP-bound.</summary>
    public static string? Thumbprint(JwtClaims claims) =>
        claims.TryGetClaim(JwtClaimNames.Confirmation, out var cnf) && cnf.ValueKind == JsonValueKind.Object
        && cnf.TryGetProperty(JwtClaimNames.JwkThumbprint, out var jkt) && jkt.ValueKind == JsonValueKind.String
            ? jkt.GetString()
            : null;

    /// <summary>
    /// Whether a request proven with <paramref name="proofThumbprint"/> (null: no proof) may present the token:
    /// always for an unbound token (or none), otherwise only with the key it is bound to.
    /// </summary>
    public static bool Matches(JwtClaims? claims, string? proofThumbprint) =>
        claims is null || Thumbprint(claims) is not { } bound || string.Equals(bound, proofThumbprint, StringComparison.Ordinal);
}
