using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Jose.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Jose.Tests.Negative;

/// <summary>Negative catalogue, claims part (RFC 7519 §4.1, RFC 8725 §3.8–§3.9). All tokens carry valid signatures.</summary>
public sealed class ClaimNegativeTests
{
    private static readonly SigningKey Key = TestTokens.Shared(SignatureAlgorithm.ES256);

    private static JwtValidationResult Validate(string payload, FakeTimeProvider? time = null, JwtValidationParameters? parameters = null)
        => JwtValidator.Validate(TestTokens.Create(Key, payload), TestTokens.SetOf(Key), parameters ?? TestTokens.Parameters(time ?? TestTokens.Clock()));

    [Fact(DisplayName = "RFC 7519 §4.1.3: a token without aud is rejected when audiences are configured")]
    public void MissingAud_IsRejected()
    {
        string payload = $$"""{"iss":"{{TestTokens.Issuer}}","exp":{{TestTokens.Unix(TestTokens.Now) + 60}}}""";
        Assert.Equal(JoseErrorCode.MissingClaim, Validate(payload).Error);
    }

    [Theory(DisplayName = "RFC 7519 §4.1.3: aud (string or array) must contain a configured audience")]
    [InlineData("\"https://other.example\"", JoseErrorCode.InvalidAudience)]
    [InlineData("[\"https://other.example\"]", JoseErrorCode.InvalidAudience)]
    [InlineData("[]", JoseErrorCode.MissingClaim)]
    [InlineData("[\"https://other.example\",\"https://api.example\"]", JoseErrorCode.None)]
    [InlineData("\"https://API.example\"", JoseErrorCode.InvalidAudience)]
    [InlineData("42", JoseErrorCode.InvalidClaim)]
    [InlineData("[\"https://api.example\",7]", JoseErrorCode.InvalidClaim)]
    public void Audience_Checked(string aud, JoseErrorCode expected) => Assert.Equal(expected, Validate(TestTokens.Claims(aud: aud)).Error);

    [Fact(DisplayName = "RFC 7519 §4.1.1: iss is compared exactly (ordinal)")]
    public void WrongIssuer_IsRejected()
    {
        string payload = TestTokens.Claims().Replace(TestTokens.Issuer, TestTokens.Issuer + "/");
        Assert.Equal(JoseErrorCode.InvalidIssuer, Validate(payload).Error);
        Assert.Equal(JoseErrorCode.InvalidIssuer, Validate(TestTokens.Claims().Replace("https://as", "HTTPS://as")).Error);
    }

    [Fact(DisplayName = "RFC 7519 §4.1.4: exp one second past the clock skew is expired")]
    public void ExpOneSecondPastSkew_IsExpired()
    {
        FakeTimeProvider time = TestTokens.Clock();
        string payload = TestTokens.Claims(exp: TestTokens.Unix(TestTokens.Now) + 300);

        time.Advance(TimeSpan.FromSeconds(300 + 30 - 1));
        Assert.True(Validate(payload, time).IsValid);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(JoseErrorCode.Expired, Validate(payload, time).Error);
    }

    [Fact(DisplayName = "RFC 7519 §4.1.5: nbf beyond the skew in the future is not yet valid")]
    public void NbfInFuture_IsRejected()
    {
        long now = TestTokens.Unix(TestTokens.Now);
        Assert.Equal(JoseErrorCode.NotYetValid, Validate(TestTokens.Claims(extra: $",\"nbf\":{now + 31}")).Error);
        Assert.True(Validate(TestTokens.Claims(extra: $",\"nbf\":{now + 30}")).IsValid);
    }

    [Fact(DisplayName = "RFC 7519 §4.1.6: iat beyond the skew in the future is rejected")]
    public void IatInFuture_IsRejected()
    {
        long now = TestTokens.Unix(TestTokens.Now);
        string payload = $$"""{"iss":"{{TestTokens.Issuer}}","aud":"{{TestTokens.Audience}}","exp":{{now + 600}},"iat":{{now + 31}}}""";
        Assert.Equal(JoseErrorCode.IssuedInFuture, Validate(payload).Error);
    }

    [Theory(DisplayName = "RFC 7519 §2: NumericDate claims must be JSON numbers")]
    [InlineData("exp", "\"1767225900\"")]
    [InlineData("nbf", "true")]
    [InlineData("iat", "null")]
    [InlineData("exp", "1e300")]
    public void NonNumericDate_IsInvalidClaim(string name, string value)
    {
        string payload = $$"""{"iss":"{{TestTokens.Issuer}}","aud":"{{TestTokens.Audience}}","{{name}}":{{value}}}""";
        Assert.Equal(JoseErrorCode.InvalidClaim, Validate(payload).Error);
    }

    [Fact(DisplayName = "RFC 7519 §2: a fractional NumericDate is accepted")]
    public void FractionalNumericDate_IsAccepted()
    {
        JwtValidationResult result = Validate(TestTokens.Claims().Replace($"\"exp\":{TestTokens.Unix(TestTokens.Now) + 300}", $"\"exp\":{TestTokens.Unix(TestTokens.Now) + 300}.5"));
        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal(TestTokens.Now.AddSeconds(300.5), result.Claims!.ExpiresAt);
    }

    [Fact(DisplayName = "exp is required by default, optional when RequireExpirationTime is false")]
    public void MissingExp()
    {
        string payload = $$"""{"iss":"{{TestTokens.Issuer}}","aud":"{{TestTokens.Audience}}"}""";
        Assert.Equal(JoseErrorCode.MissingClaim, Validate(payload).Error);

        var relaxed = new JwtValidationParameters { TimeProvider = TestTokens.Clock(), RequireExpirationTime = false };
        Assert.True(Validate(payload, parameters: relaxed).IsValid);
    }

    [Fact(DisplayName = "RequiredClaims: a listed claim that is absent is a missing claim")]
    public void RequiredClaim_Missing()
    {
        var parameters = new JwtValidationParameters { TimeProvider = TestTokens.Clock(), RequiredClaims = ["jti", "cnf"] };
        Assert.Equal(JoseErrorCode.MissingClaim, Validate(TestTokens.Claims(), parameters: parameters).Error);
        Assert.True(Validate(TestTokens.Claims(extra: ",\"cnf\":{\"jkt\":\"x\"}"), parameters: parameters).IsValid);
    }

    [Theory(DisplayName = "RFC 7519 §4: a duplicated claim is rejected, at any depth")]
    [InlineData("""{"sub":"a","sub":"b","exp":1767225900}""")]
    [InlineData("""{"sub":"a","s\u0075b":"b","exp":1767225900}""")]
    [InlineData("""{"act":{"sub":"a","sub":"b"},"exp":1767225900}""")]
    [InlineData("""{"arr":[{"x":1,"x":2}],"exp":1767225900}""")]
    public void DuplicatePayloadMember_IsRejected(string payload)
    {
        var parameters = new JwtValidationParameters { TimeProvider = TestTokens.Clock() };
        Assert.Equal(JoseErrorCode.DuplicateJsonMember, Validate(payload, parameters: parameters).Error);
    }

    [Fact(DisplayName = "Same member name at different depths is not a duplicate")]
    public void SameNameAtDifferentDepths_IsFine()
    {
        var parameters = new JwtValidationParameters { TimeProvider = TestTokens.Clock() };
        Assert.True(Validate("""{"sub":"a","act":{"sub":"b","act":{"sub":"c"}},"exp":1767225900}""", parameters: parameters).IsValid);
    }

    [Theory(DisplayName = "RFC 7519 §7.2: the payload must be a JSON object")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"exp\":1767225900")]
    [InlineData("")]
    public void NonObjectPayload_IsInvalidJson(string payload)
    {
        var parameters = new JwtValidationParameters { TimeProvider = TestTokens.Clock() };
        Assert.Equal(JoseErrorCode.InvalidJson, Validate(payload, parameters: parameters).Error);
    }

    [Fact(DisplayName = "panva/jose: signatures are compared before the claim set (bad signature + expired reports InvalidSignature)")]
    public void SignatureCheckedBeforeClaims()
    {
        string expired = TestTokens.Create(Key, TestTokens.Claims(exp: TestTokens.Unix(TestTokens.Now) - 3600));
        Assert.Equal(JoseErrorCode.Expired, JwtValidator.Validate(expired, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock())).Error);

        string[] parts = expired.Split('.');
        string forged = parts[0] + "." + TestTokens.Encode(TestTokens.Claims(exp: TestTokens.Unix(TestTokens.Now) - 7200, aud: "\"nobody\"")) + "." + parts[2];

        JwtValidationResult result = JwtValidator.Validate(forged, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock()));
        Assert.Equal(JoseErrorCode.InvalidSignature, result.Error);
        Assert.Null(result.Claims);
    }
}
