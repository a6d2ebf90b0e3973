// Reads the exp claim (RFC 7519 §4.1.4) of a JWT subject token WITHOUT verifying it. The value is used for one
// thing only: an exchanged token is never cached past the subject token's expiry. The authorization server
// verifies the subject token; a forged exp here can only shorten caching below the issued token's own expiry.
using Mandate.Jose;

namespace Mandate.Agent;

internal static class SubjectTokenExpiry
{
    /// <summary>The <c>exp</c> of a compact JWS, or <see langword="null"/> when the token is not one or has none.</summary>
    public static DateTimeOffset? TryRead(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (second < 0 || second - first - 1 > 64 * 1024 || !Base64Url.TryDecode(token.AsSpan(first + 1, second - first - 1), out var payload))
        {
            return null;
        }

        var json = AgentJsonContext.TryRead(payload, AgentJsonContext.Default.JwtExpiryJson);
        return json?.ExpirationTime is { } exp && double.IsFinite(exp) && exp > 0 && exp < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds((long)exp)
            : null;
    }
}
