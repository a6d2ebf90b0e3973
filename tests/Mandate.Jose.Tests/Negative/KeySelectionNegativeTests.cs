using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Negative;

/// <summary>Negative catalogue, key selection part (RFC 7515 §4.1.4, RFC 8725 §3.10).</summary>
public sealed class KeySelectionNegativeTests
{
    private static readonly SigningKey Key = TestTokens.Shared(SignatureAlgorithm.ES256);
    private static readonly SigningKey Other = TestTokens.Shared(SignatureAlgorithm.ES384);

    [Fact(DisplayName = "RFC 7515 §4.1.4: an unknown kid is reported as UnknownKeyId (callers may refresh once)")]
    public void UnknownKid()
    {
        string token = TestTokens.Create(Other, TestTokens.Claims());
        JwtValidationResult result = JwtValidator.Validate(token, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock()));

        Assert.Equal(JoseErrorCode.UnknownKeyId, result.Error);
        Assert.Equal(Other.KeyId, result.KeyId);
    }

    [Fact(DisplayName = "kid absent with two keys in the set is UnknownKeyId; with one key it is used")]
    public void KidAbsent()
    {
        string token = TestTokens.SignRaw(Key, """{"alg":"ES256"}""", TestTokens.Claims());

        Assert.Equal(JoseErrorCode.UnknownKeyId, JwtValidator.Validate(token, TestTokens.SetOf(Key, Other), TestTokens.Parameters(TestTokens.Clock())).Error);
        Assert.True(JwtValidator.Validate(token, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock())).IsValid);
        Assert.Equal(JoseErrorCode.UnknownKeyId, JwtValidator.Validate(token, VerificationKeySet.Empty, TestTokens.Parameters(TestTokens.Clock())).Error);
    }

    [Fact(DisplayName = "RFC 8725 §3.10: an embedded jwk header carrying the attacker's key is ignored (signature fails)")]
    public void EmbeddedJwk_IsIgnored()
    {
        using SigningKey attacker = SigningKey.Generate(SignatureAlgorithm.ES256);
        string header = $$"""{"alg":"ES256","kid":"{{Key.KeyId}}","jwk":{{attacker.PublicJwk.ToJson()}},"jku":"https://evil.example/jwks","x5u":"https://evil.example/cert"}""";
        string token = TestTokens.SignRaw(attacker, header, TestTokens.Claims());

        Assert.Equal(JoseErrorCode.InvalidSignature, JwtValidator.Validate(token, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock())).Error);
    }

    [Fact(DisplayName = "An embedded jwk without kid does not make an empty key set usable")]
    public void EmbeddedJwk_WithoutTrustedKeys_IsUnknownKey()
    {
        using SigningKey attacker = SigningKey.Generate(SignatureAlgorithm.ES256);
        string token = TestTokens.SignRaw(attacker, $$"""{"alg":"ES256","jwk":{{attacker.PublicJwk.ToJson()}}}""", TestTokens.Claims());

        Assert.Equal(JoseErrorCode.UnknownKeyId, JwtValidator.Validate(token, VerificationKeySet.Empty, TestTokens.Parameters(TestTokens.Clock())).Error);
    }
}
