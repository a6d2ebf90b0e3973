// RFC 7515 §2 (base64url encoding without padding) and RFC 4648 §5 (URL and filename safe alphabet).
// Deliberately strict, as RFC 8725 §3.4 asks of JWT libraries: padding, '+', '/', whitespace and
// non-canonical trailing bits are all rejected, so each byte string has exactly one accepted encoding.
using System.Buffers;

namespace Mandate.Jose;

/// <summary>Strict base64url (no padding) encoding and decoding.</summary>
public static class Base64Url
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly SearchValues<byte> AlphabetBytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);
    private static readonly SearchValues<char> AlphabetChars = SearchValues.Create(Alphabet);

    /// <summary>Encodes <paramref name="data"/> as base64url without padding.</summary>
    /// <param name="data">The bytes to encode; may be empty.</param>
    /// <returns>The encoded text; empty for empty input.</returns>
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    /// <summary>Decodes strict base64url text.</summary>
    /// <param name="text">The encoded text: alphabet <c>A–Z a–z 0–9 - _</c> only, no padding or whitespace.</param>
    /// <param name="bytes">The decoded bytes; an empty array when decoding fails.</param>
    /// <returns><see langword="false"/> when the text is not the canonical encoding of some byte string.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        if (!IsCanonical(text))
        {
            bytes = [];
            return false;
        }

        bytes = new byte[GetDecodedLength(text.Length)];
        return System.Buffers.Text.Base64Url.TryDecodeFromChars(text, bytes, out _) || Fail(out bytes);
    }

    /// <summary>Decodes strict base64url UTF-8 text into a caller-supplied buffer.</summary>
    /// <param name="utf8Text">The encoded text as ASCII bytes.</param>
    /// <param name="destination">Receives the decoded bytes; must hold at least 3/4 of the text length.</param>
    /// <param name="written">The number of bytes written; 0 on failure.</param>
    /// <returns><see langword="false"/> when the text is not canonical base64url or the destination is too small.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> utf8Text, Span<byte> destination, out int written)
    {
        written = 0;
        if (!IsCanonical(utf8Text) || destination.Length < GetDecodedLength(utf8Text.Length))
        {
            return false;
        }

        if (!System.Buffers.Text.Base64Url.TryDecodeFromUtf8(utf8Text, destination, out written))
        {
            written = 0;
            return false;
        }

        return true;
    }

    /// <summary>Returns the exact decoded length of a canonical encoding of <paramref name="encodedLength"/> characters.</summary>
    /// <param name="encodedLength">Length of the base64url text, in characters.</param>
    /// <returns>The decoded length in bytes (meaningless when <c>encodedLength % 4 == 1</c>).</returns>
    public static int GetDecodedLength(int encodedLength) => (encodedLength >> 2) * 3 + (encodedLength & 3) switch { 2 => 1, 3 => 2, _ => 0 };

    /// <summary>Returns the encoded length, in characters, of <paramref name="byteCount"/> bytes.</summary>
    /// <param name="byteCount">Number of bytes to encode.</param>
    /// <returns>The unpadded base64url length.</returns>
    public static int GetEncodedLength(int byteCount) => System.Buffers.Text.Base64Url.GetEncodedLength(byteCount);

    /// <summary>True when <paramref name="text"/> is the canonical base64url encoding of some byte string.</summary>
    internal static bool IsCanonical(ReadOnlySpan<byte> text)
    {
        int remainder = text.Length & 3;
        if (remainder == 1 || text.IndexOfAnyExcept(AlphabetBytes) >= 0)
        {
            return false;
        }

        return remainder == 0 || HasZeroTrailingBits(text[^1], remainder);
    }

    /// <summary>True when <paramref name="text"/> is the canonical base64url encoding of some byte string.</summary>
    internal static bool IsCanonical(ReadOnlySpan<char> text)
    {
        int remainder = text.Length & 3;
        if (remainder == 1 || text.IndexOfAnyExcept(AlphabetChars) >= 0)
        {
            return false;
        }

        return remainder == 0 || HasZeroTrailingBits(text[^1], remainder);
    }

    // RFC 4648 §3.5: the pad bits of the last character must be zero, otherwise two texts decode alike.
    private static bool HasZeroTrailingBits(int last, int remainder)
    {
        int value = Alphabet.IndexOf((char)last);
        int mask = remainder == 2 ? 0x0F : 0x03;
        return (value & mask) == 0;
    }

    private static bool Fail(out byte[] bytes)
    {
        bytes = [];
        return false;
    }
}
