// RFC 9449 §4.2: ath = base64url(SHA-256(ASCII(access token))), and §4.3 item 12: the verifier compares it.
using System.Security.Cryptography;
using System.Text;

namespace Mandate.Jose.Dpop;

/// <summary>Computes and checks the DPoP <c>ath</c> claim.</summary>
public static class DpopAccessTokenHash
{
    /// <summary>The <c>ath</c> value for <paramref name="accessToken"/>.</summary>
    /// <param name="accessToken">The access token as sent in the <c>Authorization</c> header.</param>
    /// <returns>43 base64url characters.</returns>
    public static string Compute(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(accessToken, hash);
        return Base64Url.Encode(hash);
    }

    /// <summary>Whether <paramref name="ath"/> is the hash of <paramref name="accessToken"/> (constant time).</summary>
    /// <param name="ath">The claim value.</param>
    /// <param name="accessToken">The presented access token.</param>
    /// <returns><see langword="false"/> for any mismatch, including malformed base64url.</returns>
    public static bool Matches(string ath, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(ath);
        ArgumentNullException.ThrowIfNull(accessToken);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(accessToken, expected);
        return ath.Length == 43
            && System.Buffers.Text.Base64Url.TryDecodeFromChars(ath, actual, out int written)
            && written == SHA256.HashSizeInBytes
            && CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static void Hash(string accessToken, Span<byte> destination)
    {
        // Access tokens are ASCII (RFC 6750 §2.1 b64token); a non-ASCII character becomes '?' and cannot match.
        byte[] ascii = Encoding.ASCII.GetBytes(accessToken);
        SHA256.HashData(ascii, destination);
    }
}
