// RFC 9449 §8 and §9: nonces that need no shared state. A nonce is
// base64url(period || HMAC-SHA256(key, "dpop-nonce" || period)[0..16]) with period = now / lifetime; it is accepted
// in its period and the next, so it stays usable for at least one full lifetime. Whoever holds the key (every node
// of one authorization server, or one API) can check it without a lookup. The nonce reveals only the period.
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mandate.Protocol.Dpop;

/// <summary>Creates and checks stateless, time-boxed DPoP nonces.</summary>
public static class DpopNonce
{
    private const int MacSize = 16;
    private const int RawSize = 8 + MacSize;

    /// <summary>The nonce for <paramref name="now"/>.</summary>
    /// <param name="key">The HMAC key, 32 random bytes.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lifetime">The length of one period.</param>
    /// <returns>32 base64url characters.</returns>
    public static string Create(ReadOnlySpan<byte> key, DateTimeOffset now, TimeSpan lifetime)
    {
        Span<byte> raw = stackalloc byte[RawSize];
        var period = now.UtcTicks / lifetime.Ticks;
        BinaryPrimitives.WriteInt64BigEndian(raw, period);
        Mac(key, period, raw[8..]);
        return Mandate.Jose.Base64Url.Encode(raw);
    }

    /// <summary>Whether <paramref name="nonce"/> was created with <paramref name="key"/> in the current or the previous period.</summary>
    /// <returns><see langword="false"/> for anything else, including malformed input; the MAC is compared in constant time.</returns>
    public static bool IsValid(ReadOnlySpan<byte> key, string nonce, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        Span<byte> raw = stackalloc byte[RawSize];
        if (nonce.Length != Mandate.Jose.Base64Url.GetEncodedLength(RawSize)
            || !System.Buffers.Text.Base64Url.TryDecodeFromChars(nonce, raw, out var written) || written != RawSize)
        {
            return false;
        }

        var period = BinaryPrimitives.ReadInt64BigEndian(raw);
        var current = now.UtcTicks / lifetime.Ticks;
        if (period != current && period != current - 1)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        Mac(key, period, expected);
        return CryptographicOperations.FixedTimeEquals(expected, raw[8..]);
    }

    private static void Mac(ReadOnlySpan<byte> key, long period, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[18];
        "dpop-nonce"u8.CopyTo(input);
        BinaryPrimitives.WriteInt64BigEndian(input[10..], period);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, input, mac);
        mac[..MacSize].CopyTo(destination);
    }
}
