using System.Security.Cryptography;
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Negative;

/// <summary>Negative catalogue, header and algorithm part (RFC 8725 §2.1, §3.1, §3.2, §3.10, §3.11).</summary>
public sealed class HeaderNegativeTests
{
    private static readonly SigningKey Key = TestTokens.Shared(SignatureAlgorithm.ES256);

    private static JwtValidationResult Validate(string token, params string[] types)
        => JwtValidator.Validate(token, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock(), types));

    [Theory(DisplayName = "RFC 8725 §3.1: alg none is rejected in every spelling")]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("nOnE")]
    public void AlgNone_IsRejected(string spelling)
    {
        string unsecured = TestTokens.Encode($$"""{"alg":"{{spelling}}","kid":"{{Key.KeyId}}"}""") + "." + TestTokens.Encode(TestTokens.Claims()) + ".";

        Assert.Equal(JoseErrorCode.UnsupportedAlgorithm, Validate(unsecured).Error);
        Assert.False(SignatureAlgorithm.TryGet(spelling, out _));
    }

    [Fact(DisplayName = "RFC 8725 §2.1: HS256 keyed with the RSA public key (RS/HS confusion) is rejected")]
    public void RsHsConfusion_IsRejected()
    {
        SigningKey rsa = TestTokens.Shared(SignatureAlgorithm.RS256);
        byte[] publicKeyBytes = Encoding.UTF8.GetBytes(rsa.PublicJwk.ToJson());
        string signingInput = TestTokens.Encode($$"""{"alg":"HS256","kid":"{{rsa.KeyId}}"}""") + "." + TestTokens.Encode(TestTokens.Claims());
        string forged = signingInput + "." + Base64Url.Encode(HMACSHA256.HashData(publicKeyBytes, Encoding.ASCII.GetBytes(signingInput)));

        JwtValidationResult result = JwtValidator.Validate(forged, TestTokens.SetOf(rsa), TestTokens.Parameters(TestTokens.Clock()));

        Assert.Equal(JoseErrorCode.UnsupportedAlgorithm, result.Error);
    }

    [Fact(DisplayName = "RFC 8725 §3.1: header alg ES384 with an ES256 key is an algorithm mismatch")]
    public void HeaderAlgDiffersFromKey_IsMismatch()
    {
        string token = TestTokens.SignRaw(Key, $$"""{"alg":"ES384","kid":"{{Key.KeyId}}"}""", TestTokens.Claims());

        Assert.Equal(JoseErrorCode.AlgorithmMismatch, Validate(token).Error);
    }

    [Fact(DisplayName = "Allow-list: a supported alg outside AllowedAlgorithms is unsupported")]
    public void AlgOutsideAllowList_IsRejected()
    {
        string token = TestTokens.Create(Key, TestTokens.Claims());
        var parameters = new JwtValidationParameters { TimeProvider = TestTokens.Clock(), AllowedAlgorithms = [SignatureAlgorithm.PS256] };

        Assert.Equal(JoseErrorCode.UnsupportedAlgorithm, JwtValidator.Validate(token, TestTokens.SetOf(Key), parameters).Error);
    }

    [Theory(DisplayName = "RFC 7515 §4.1.11: any crit (and b64 from RFC 7797) is an unsupported critical header")]
    [InlineData("""{"alg":"ES256","kid":"K","crit":["exp"],"exp":1}""")]
    [InlineData("""{"alg":"ES256","kid":"K","crit":[]}""")]
    [InlineData("""{"alg":"ES256","kid":"K","crit":["b64"],"b64":false}""")]
    [InlineData("""{"alg":"ES256","kid":"K","b64":false}""")]
    public void Crit_IsRejected(string header)
    {
        string token = TestTokens.SignRaw(Key, header.Replace("\"K\"", $"\"{Key.KeyId}\""), TestTokens.Claims());

        Assert.Equal(JoseErrorCode.UnsupportedCriticalHeader, Validate(token).Error);
    }

    [Fact(DisplayName = "RFC 8725 §3.11: a typ outside ValidTypes is rejected")]
    public void WrongTyp_IsRejected()
    {
        Assert.Equal(JoseErrorCode.InvalidType, Validate(TestTokens.Create(Key, TestTokens.Claims(), typ: "JWT"), "at+jwt").Error);
        Assert.Equal(JoseErrorCode.InvalidType, Validate(TestTokens.Create(Key, TestTokens.Claims(), typ: null), "at+jwt").Error);
    }

    [Theory(DisplayName = "RFC 7515 §4.1.9: typ matches case-insensitively, with or without application/")]
    [InlineData("at+jwt", "at+jwt")]
    [InlineData("AT+JWT", "at+jwt")]
    [InlineData("application/at+jwt", "at+jwt")]
    [InlineData("at+jwt", "application/at+jwt")]
    public void Typ_Matches(string sent, string accepted)
        => Assert.True(Validate(TestTokens.Create(Key, TestTokens.Claims(), typ: sent), accepted).IsValid);

    [Fact(DisplayName = "RFC 7515 §5.2: a duplicated header member is rejected, escaped or not")]
    public void DuplicateHeaderMember_IsRejected()
    {
        string plain = TestTokens.SignRaw(Key, $$"""{"alg":"ES256","kid":"{{Key.KeyId}}","alg":"ES256"}""", TestTokens.Claims());
        string escaped = TestTokens.SignRaw(Key, $$"""{"alg":"ES256","kid":"{{Key.KeyId}}","\u0061lg":"none"}""", TestTokens.Claims());

        Assert.Equal(JoseErrorCode.DuplicateJsonMember, Validate(plain).Error);
        Assert.Equal(JoseErrorCode.DuplicateJsonMember, Validate(escaped).Error);
    }

    [Theory(DisplayName = "RFC 7515 §4.1.1: the header must be a JSON object with a string alg")]
    [InlineData("""{"kid":"x"}""", JoseErrorCode.Malformed)]
    [InlineData("""{"alg":256}""", JoseErrorCode.Malformed)]
    [InlineData("""{"alg":"ES256","kid":7}""", JoseErrorCode.Malformed)]
    [InlineData("""["alg","ES256"]""", JoseErrorCode.InvalidJson)]
    [InlineData("""{"alg":"ES256",}""", JoseErrorCode.InvalidJson)]
    [InlineData("""{"alg":"ES256"} {}""", JoseErrorCode.InvalidJson)]
    [InlineData("""{"alg":"RS512"}""", JoseErrorCode.UnsupportedAlgorithm)]
    [InlineData("""{"alg":"es256"}""", JoseErrorCode.UnsupportedAlgorithm)]
    public void BadHeader_IsRejected(string header, JoseErrorCode expected)
        => Assert.Equal(expected, Validate(TestTokens.SignRaw(Key, header, TestTokens.Claims())).Error);

    [Fact(DisplayName = "JwsReader: header checks without a key; jku/x5u/jwk/x5c are left in RawJson only")]
    public void JwsReader_ReadsHeader()
    {
        string token = TestTokens.SignRaw(Key, """{"alg":"ES256","kid":"k1","typ":"dpop+jwt","jku":"https://evil.example/jwks"}""", "{}");

        Assert.Equal(JoseErrorCode.None, JwsReader.TryReadHeader(token, 8192, out JwsHeader header));
        Assert.Equal("ES256", header.Alg);
        Assert.Equal("k1", header.Kid);
        Assert.Equal("dpop+jwt", header.Typ);
        Assert.Contains("jku", Encoding.UTF8.GetString(header.RawJson.Span));
        Assert.Equal(JoseErrorCode.TokenTooLarge, JwsReader.TryReadHeader(token, token.Length - 1, out _));
    }
}
