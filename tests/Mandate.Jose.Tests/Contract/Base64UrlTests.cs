using System.Text;

namespace Mandate.Jose.Tests.Contract;

/// <summary>RFC 7515 §2 / RFC 4648 §5 strict base64url.</summary>
public sealed class Base64UrlTests
{
    [Theory(DisplayName = "RFC 4648 §10: test vectors, in the URL-safe alphabet without padding")]
    [InlineData("", "")]
    [InlineData("f", "Zg")]
    [InlineData("fo", "Zm8")]
    [InlineData("foo", "Zm9v")]
    [InlineData("foob", "Zm9vYg")]
    [InlineData("fooba", "Zm9vYmE")]
    [InlineData("foobar", "Zm9vYmFy")]
    public void Rfc4648Vectors(string plain, string encoded)
    {
        Assert.Equal(encoded, Base64Url.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.True(Base64Url.TryDecode(encoded, out byte[] bytes));
        Assert.Equal(plain, Encoding.ASCII.GetString(bytes));
    }

    [Fact(DisplayName = "RFC 4648 §5: '-' and '_' replace '+' and '/'")]
    public void UrlSafeAlphabet()
    {
        Assert.Equal("-_8", Base64Url.Encode([0xFB, 0xFF]));
        Assert.True(Base64Url.TryDecode("-_8", out byte[] bytes));
        Assert.Equal([0xFB, 0xFF], bytes);
    }

    [Theory(DisplayName = "Strict decoding rejects padding, foreign characters, bad lengths and non-canonical tails")]
    [InlineData("Zg==")]
    [InlineData("Zg=")]
    [InlineData("+_8")]
    [InlineData("-/8")]
    [InlineData("Zm9v Yg")]
    [InlineData("Zm9v\nYg")]
    [InlineData(" Zm9v")]
    [InlineData("Z")]
    [InlineData("Zm9vY")]
    [InlineData("Zh")]
    [InlineData("Zm9")]
    public void RejectsNonCanonical(string text)
    {
        Assert.False(Base64Url.TryDecode(text, out byte[] bytes));
        Assert.Empty(bytes);
        Assert.False(Base64Url.TryDecode(Encoding.ASCII.GetBytes(text), new byte[16], out int written));
        Assert.Equal(0, written);
    }

    [Fact(DisplayName = "Span decoding writes into the caller's buffer and refuses a short one")]
    public void SpanDecoding()
    {
        Span<byte> destination = stackalloc byte[8];
        Assert.True(Base64Url.TryDecode("Zm9vYmFy"u8, destination, out int written));
        Assert.Equal("foobar", Encoding.ASCII.GetString(destination[..written]));
        Assert.False(Base64Url.TryDecode("Zm9vYmFy"u8, stackalloc byte[5], out _));
    }

    [Fact(DisplayName = "Round trip over all lengths 0..64 with random content")]
    public void RoundTrip()
    {
        for (int length = 0; length <= 64; length++)
        {
            byte[] data = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
            string text = Base64Url.Encode(data);
            Assert.Equal(Base64Url.GetEncodedLength(length), text.Length);
            Assert.Equal(length, Base64Url.GetDecodedLength(text.Length));
            Assert.True(Base64Url.TryDecode(text, out byte[] back));
            Assert.Equal(data, back);
        }
    }
}
