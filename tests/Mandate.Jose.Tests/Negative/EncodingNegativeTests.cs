using Mandate.Jose.Algorithms;
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
}
