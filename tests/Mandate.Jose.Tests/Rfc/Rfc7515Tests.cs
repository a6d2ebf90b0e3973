using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Jose.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Jose.Tests.Rfc;

/// <summary>RFC 7515 Appendix A examples.</summary>
public sealed class Rfc7515Tests
{
    // The RFC payload expires in 2011; validate a minute before its exp.
    private static JwtValidationParameters At2011() => new()
    {
        TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(RfcVectors.Rfc7515Expiry - 60)),
    };

    [Fact(DisplayName = "RFC 7515 A.1: the HS256 example is rejected as an unsupported algorithm")]
    public void A1_Hs256_IsRejected()
    {
        using SigningKey rsa = SigningKey.FromJwk(TestTokens.Jwk(RfcVectors.A2Jwk), SignatureAlgorithm.RS256);
        JwtValidationResult result = JwtValidator.Validate(RfcVectors.A1Token, TestTokens.SetOf(rsa), At2011());

        Assert.False(result.IsValid);
        Assert.Equal(JoseErrorCode.UnsupportedAlgorithm, result.Error);
        Assert.False(SignatureAlgorithm.TryGet("HS256", out _));
    }

    [Fact(DisplayName = "RFC 7515 A.2: our RS256 signature equals the published one exactly")]
    public void A2_Rs256_SignatureMatches()
    {
        using SigningKey key = SigningKey.FromJwk(TestTokens.Jwk(RfcVectors.A2Jwk), SignatureAlgorithm.RS256);
        string token = TestTokens.SignRawEncoded(key, RfcVectors.A2Header, RfcVectors.Rfc7515Payload);

        Assert.Equal(RfcVectors.A2Token, token);
    }

    [Fact(DisplayName = "RFC 7515 A.2: the published RS256 token verifies and yields the RFC claims")]
    public void A2_Rs256_PublishedTokenVerifies()
    {
        JsonWebKey publicJwk = TestTokens.Jwk(RfcVectors.A2Jwk).ToPublic();
        Assert.True(VerificationKey.TryCreate(publicJwk, out VerificationKey? key, out _, SignatureAlgorithm.RS256));

        JwtValidationResult result = JwtValidator.Validate(RfcVectors.A2Token, new VerificationKeySet([key]), At2011());

        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal("joe", result.Claims!.Issuer);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(RfcVectors.Rfc7515Expiry), result.Claims.ExpiresAt);
        Assert.True(result.Claims.TryGetClaim("http://example.com/is_root", out var root) && root.GetBoolean());
    }

    [Fact(DisplayName = "RFC 7515 A.2: the payload decodes to the RFC's octets, CRLFs included")]
    public void A2_PayloadDecodes()
    {
        Assert.True(Base64Url.TryDecode(RfcVectors.Rfc7515Payload, out byte[] bytes));
        Assert.Equal(RfcVectors.Rfc7515PayloadJson, Encoding.UTF8.GetString(bytes));
        Assert.Equal(RfcVectors.Rfc7515Payload, Base64Url.Encode(bytes));
    }

    [Fact(DisplayName = "RFC 7515 A.3: the published ES256 token verifies")]
    public void A3_Es256_PublishedTokenVerifies()
    {
        Assert.True(VerificationKey.TryCreate(TestTokens.Jwk(RfcVectors.A3Jwk), out VerificationKey? key, out _, SignatureAlgorithm.ES256));

        JwtValidationResult result = JwtValidator.Validate(RfcVectors.A3Token, new VerificationKeySet([key]), At2011());

        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal("joe", result.Claims!.Issuer);
    }

    [Fact(DisplayName = "RFC 7515 A.3: we sign with the example key and the signature verifies")]
    public void A3_Es256_SignAndVerify()
    {
        using SigningKey key = SigningKey.FromJwk(TestTokens.Jwk(RfcVectors.A3Jwk));
        Assert.Same(SignatureAlgorithm.ES256, key.Algorithm);
        string token = TestTokens.SignRawEncoded(key, RfcVectors.A3Header, RfcVectors.Rfc7515Payload);

        // ECDSA is randomized: a different signature each time, yet 64 octets of R || S (RFC 7518 §3.4).
        Assert.NotEqual(RfcVectors.A3Token, token);
        Assert.True(Base64Url.TryDecode(token.AsSpan((token.LastIndexOf('.') + 1)..), out byte[] signature));
        Assert.Equal(64, signature.Length);
        using VerificationKey verifier = key.ToVerificationKey();
        Assert.True(JwtValidator.Validate(token, new VerificationKeySet([verifier]), At2011()).IsValid);
    }
}
