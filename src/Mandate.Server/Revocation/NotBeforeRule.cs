// The not-before comparison shared by the server and the resource server's deny list. JWT iat is in whole
// seconds (RFC 7519 §2 NumericDate), so a token issued in the same second as the mark cannot be told apart
// from one issued just before it: it is treated as revoked (fail closed). The issuer dates a token issued in
// the mark's second one second later (RevocationList.EarliestIssuedAt), so a fresh token after resume or secret
// rotation is never caught by its own agent's mark.
namespace Mandate.Server.Revocation;

internal static class NotBeforeRule
{
    /// <summary>True when a token issued at <paramref name="issuedAt"/> (whole seconds) is covered by <paramref name="mark"/>.</summary>
    public static bool IsBefore(DateTimeOffset issuedAt, DateTimeOffset mark) =>
        issuedAt.ToUnixTimeSeconds() <= mark.ToUnixTimeSeconds();
}
