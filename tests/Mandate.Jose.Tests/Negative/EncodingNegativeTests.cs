using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Negative;

/// <summary>Negative catalogue, serialization part (RFC 7515 §2, §7.1; RFC 8725 §3.4).</summary>
public sealed class EncodingNegativeTests
{
    private static readonly SigningKey Key = TestTokens.Shared(SignatureAlgorithm.ES256);

    private static JoseErrorCode Validate(string token, int maxLength = 8192) => JwtValidator.Validate(token, TestTokens.SetOf(Key), new JwtValidationParameters
    {
        ValidIssuer = TestTokens.Issuer,
        ValidAudiences = [TestTokens.Audience],
        TimeProvider = TestTokens.Clock(),
        MaxTokenLength = maxLength,
    }).Error;

    private static string ValidToken() => TestTokens.Create(Key, TestTokens.Claims());

    [Fact(DisplayName = "RFC 7515 §2: a padded base64url segment is rejected")]
    public void Padding_IsRejected()
    {
        // An ES256 signature is 64 octets: 86 characters, which standard base64 pads with "==".
        Assert.Equal(JoseErrorCode.InvalidBase64Url, Validate(ValidToken() + "=="));
        Assert.Equal(JoseErrorCode.None, Validate(ValidToken()));
    }

    [Theory(DisplayName = "RFC 4648 §5: '+', '/', whitespace and other characters outside the base64url alphabet are rejected")]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData(' ')]
    [InlineData('\n')]
    [InlineData('=')]
    [InlineData('\u00e9')]
    public void ForeignCharacter_IsRejected(char bad)
    {
        string token = ValidToken();
        int secondDot = token.LastIndexOf('.');
        string forged = token[..(secondDot - 4)] + bad + token[(secondDot - 3)..];

        Assert.Equal(JoseErrorCode.InvalidBase64Url, Validate(forged));
    }

    [Fact(DisplayName = "RFC 4648 §3.5: non-zero trailing bits (a non-canonical encoding) are rejected")]
    public void NonCanonicalTrailingBits_AreRejected()
    {
        string token = ValidToken();
        char last = token[^1];
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = Alphabet[Alphabet.IndexOf(last) + 1];

        // The last of 86 characters carries 2 data bits and 4 pad bits; the next alphabet letter sets a pad bit.
        Assert.Equal(JoseErrorCode.InvalidBase64Url, Validate(token[..^1] + sibling));
    }

    [Theory(DisplayName = "RFC 7515 §7.1: anything but three dot-separated segments is malformed")]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("a.b.c.d.e")]
    public void WrongSegmentCount_IsMalformed(string token) => Assert.Equal(JoseErrorCode.Malformed, Validate(token));

    [Fact(DisplayName = "RFC 8725 §3.x: an oversized token is rejected before any decoding")]
    public void Oversized_IsRejectedFirst()
    {
        string garbage = new('!', 8193);
        Assert.Equal(JoseErrorCode.TokenTooLarge, Validate(garbage));

        string token = ValidToken();
        Assert.Equal(JoseErrorCode.TokenTooLarge, Validate(token, maxLength: token.Length - 1));
        Assert.Equal(JoseErrorCode.None, Validate(token, maxLength: token.Length));
    }

    [Fact(DisplayName = "RFC 7518 §3.4: a DER-encoded ECDSA signature is rejected (only R || S is accepted)")]
    public void DerSignature_IsRejected()
    {
        string token = ValidToken();
        int lastDot = token.LastIndexOf('.');
        Assert.True(Base64Url.TryDecode(token.AsSpan((lastDot + 1)..), out byte[] p1363));
        byte[] der = System.Security.Cryptography.ECDsa.Create().SignData([1], System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);
        Assert.NotEqual(p1363.Length, der.Length);

        Assert.Equal(JoseErrorCode.InvalidSignature, Validate(token[..(lastDot + 1)] + Base64Url.Encode(der)));
    }

    // Raw bytes that are not UTF-8 (a lone continuation, an overlong '/', a truncated sequence), and JSON escapes
    // that decode to a lone surrogate: valid JSON grammar, not valid Unicode text.
    public static TheoryData<byte[]> NotUnicode => new()
    {
        new byte[] { 0xC3, 0x28 },
        new byte[] { 0xC0, 0xAF },
        new byte[] { 0xE2, 0x82 },
        "\\ud800"u8.ToArray(),
        "\\udc00x"u8.ToArray(),
    };

    [Theory(DisplayName = "RFC 7515 §5.2 step 4, RFC 7519 §7.2 step 10: a header or claim that is not UTF-8 Unicode is InvalidJson, never an exception")]
    [MemberData(nameof(NotUnicode))]
    public void NonUnicodeText_IsInvalidJson(byte[] text)
    {
        string header = Base64Url.Encode([.. "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\""u8, .. text, .. "\"}"u8]);
        string payload = Base64Url.Encode([.. System.Text.Encoding.UTF8.GetBytes(TestTokens.Claims()[..^1] + ",\"x\":\""), .. text, .. "\"}"u8]);
        string name = Base64Url.Encode([.. System.Text.Encoding.UTF8.GetBytes(TestTokens.Claims()[..^1] + ",\""), .. text, .. "\":1}"u8]);

        Assert.Equal(JoseErrorCode.InvalidJson, Validate(TestTokens.SignRawEncoded(Key, header, TestTokens.Encode(TestTokens.Claims()))));
        Assert.Equal(JoseErrorCode.InvalidJson, Validate(TestTokens.SignRawEncoded(Key, TestTokens.Encode("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}"), payload)));
        Assert.Equal(JoseErrorCode.InvalidJson, Validate(TestTokens.SignRawEncoded(Key, TestTokens.Encode("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}"), name)));
        Assert.False(JsonWebKey.TryParse([.. "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\""u8, .. text, .. "\"}"u8], out _, out var error));
        Assert.Equal(JoseErrorCode.InvalidJson, error);
    }

    [Fact(DisplayName = "RFC 8259 §8: escaped non-ASCII text and a valid surrogate pair are still accepted")]
    public void EscapedUnicode_IsAccepted()
    {
        string token = TestTokens.SignRaw(Key, "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}", TestTokens.Claims(extra: ",\"note\":\"caf\\u00e9 \\ud83d\\ude00\""));

        Assert.Equal(JoseErrorCode.None, Validate(token));
    }
}
