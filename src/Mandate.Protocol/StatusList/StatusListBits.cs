// draft-ietf-oauth-status-list §4.1: a byte array where the status of index i occupies bits
// (i * bits) .. (i * bits + bits - 1) counted from the least significant bit of byte 0, compressed with DEFLATE
// (RFC 1951) in the ZLIB data format (RFC 1950). Mandate uses one bit per token: 0 VALID, 1 INVALID (§7.1).
using System.IO.Compression;

namespace Mandate.Protocol.StatusList;

/// <summary>Encodes and reads one-bit Token Status Lists: the only definition of the bit layout in Mandate.</summary>
public static class StatusListBits
{
    /// <summary>The status of a revoked token (§7.1 INVALID).</summary>
    public const int Invalid = 1;

    /// <summary>Builds the ZLIB-compressed byte array of a list of <paramref name="size"/> one-bit statuses whose
    /// <paramref name="invalid"/> indexes are set.</summary>
    /// <param name="size">The number of statuses, a positive multiple of 8.</param>
    /// <param name="invalid">The indexes to set; each in [0, <paramref name="size"/>).</param>
    /// <returns>The compressed bytes (the <c>lst</c> before base64url).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size that is not a positive multiple of 8, or an index outside the list.</exception>
    public static byte[] Compress(int size, IEnumerable<int> invalid)
    {
        if (size <= 0 || size % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The list size must be a positive multiple of 8.");
        }

        ArgumentNullException.ThrowIfNull(invalid);
        var bytes = new byte[size / 8];
        foreach (var index in invalid)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(invalid));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size, nameof(invalid));
            bytes[index >> 3] |= (byte)(1 << (index & 7));
        }

        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>Decompresses a ZLIB byte array, refusing one that inflates beyond <paramref name="maxBytes"/>.</summary>
    /// <returns>The byte array, or null when the input is not ZLIB data or is larger than <paramref name="maxBytes"/>
    /// once inflated (a compression bomb).</returns>
    public static byte[]? Decompress(ReadOnlySpan<byte> compressed, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
            using var output = new MemoryStream();
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The one-bit status at <paramref name="index"/>: 0 (VALID) or 1 (INVALID).</summary>
    /// <returns>The status, or -1 when the index lies outside the list (§8.3: the token must then be rejected).</returns>
    public static int Read(ReadOnlySpan<byte> bits, int index) =>
        index < 0 || (index >> 3) >= bits.Length ? -1 : (bits[index >> 3] >> (index & 7)) & 1;

    /// <summary>The status at <paramref name="index"/> of a list of <paramref name="bitsPerStatus"/> (1, 2, 4 or 8) bits per
    /// status, read from the least significant bit of each byte (§4.1).</summary>
    /// <returns>The status (0 is VALID), or -1 when the index lies outside the list or the width is not 1, 2, 4 or 8.</returns>
    public static int Read(ReadOnlySpan<byte> bits, int index, int bitsPerStatus)
    {
        if (bitsPerStatus is not (1 or 2 or 4 or 8) || index < 0)
        {
            return -1;
        }

        var bit = (long)index * bitsPerStatus;
        var position = bit >> 3;
        return position >= bits.Length ? -1 : (bits[(int)position] >> (int)(bit & 7)) & ((1 << bitsPerStatus) - 1);
    }
}
