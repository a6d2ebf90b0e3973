using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Contract;

/// <summary>Behaviour every supported signature algorithm must show. One subclass per algorithm.</summary>
public abstract class SignatureAlgorithmContract
{
    protected abstract SignatureAlgorithm Algorithm { get; }

    private SigningKey Key => TestTokens.Shared(Algorithm);

    [Fact]
    public void SignThenValidate_RoundTrips()
    {
        var time = TestTokens.Clock();
        string token = TestTokens.Create(Key, TestTokens.Claims());

        JwtValidationResult result = JwtValidator.Validate(token, TestTokens.SetOf(Key), TestTokens.Parameters(time, "at+jwt"));

        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal(Key.KeyId, result.KeyId);
        Assert.Equal(Algorithm.Name, result.Header.Alg);
        Assert.Equal("at+jwt", result.Header.Typ);
        Assert.Equal("agt_1", result.Claims!.Subject);
        Assert.Equal([TestTokens.Audience], result.Claims.Audiences);
        Assert.Equal(TestTokens.Now.AddMinutes(5), result.Claims.ExpiresAt);
    }

    [Fact]
    public void Header_IsAlgKidTyp()
    {
        string token = TestTokens.Create(Key, "{}");
        Assert.True(Base64Url.TryDecode(token.AsSpan(..token.IndexOf('.')), out byte[] header));
        Assert.Equal($$"""{"alg":"{{Algorithm.Name}}","kid":"{{Key.KeyId}}","typ":"at+jwt"}""", Encoding.UTF8.GetString(header));
    }

    [Fact]
    public void TamperedPayload_FailsSignature()
    {
        string token = TestTokens.Create(Key, TestTokens.Claims());
        string[] parts = token.Split('.');
        string forged = parts[0] + "." + TestTokens.Encode(TestTokens.Claims(extra: ",\"admin\":true")) + "." + parts[2];

        JwtValidationResult result = JwtValidator.Validate(forged, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock()));

        Assert.Equal(JoseErrorCode.InvalidSignature, result.Error);
        Assert.Null(result.Claims);
    }

    [Fact]
    public void TamperedSignature_Fails()
    {
        string token = TestTokens.Create(Key, TestTokens.Claims());
        int lastDot = token.LastIndexOf('.');
        Assert.True(Base64Url.TryDecode(token.AsSpan((lastDot + 1)..), out byte[] signature));
        signature[signature.Length / 2] ^= 0x01;
        string forged = token[..(lastDot + 1)] + Base64Url.Encode(signature);

        Assert.Equal(JoseErrorCode.InvalidSignature, JwtValidator.Validate(forged, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock())).Error);
    }

    [Fact]
    public void TruncatedSignature_Fails()
    {
        string token = TestTokens.Create(Key, TestTokens.Claims());
        int lastDot = token.LastIndexOf('.');
        Assert.True(Base64Url.TryDecode(token.AsSpan((lastDot + 1)..), out byte[] signature));
        string forged = token[..(lastDot + 1)] + Base64Url.Encode(signature.AsSpan(0, signature.Length - 1));

        Assert.Equal(JoseErrorCode.InvalidSignature, JwtValidator.Validate(forged, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock())).Error);
    }

    [Fact]
    public void WrongKeyWithSameKid_Fails()
    {
        using SigningKey other = SigningKey.Generate(Algorithm);
        string token = TestTokens.Create(Key, TestTokens.Claims());
        Assert.True(VerificationKey.TryCreate(other.PublicJwk.WithKeyId(Key.KeyId), out VerificationKey? impostor, out _));

        Assert.Equal(JoseErrorCode.InvalidSignature, JwtValidator.Validate(token, new VerificationKeySet([impostor]), TestTokens.Parameters(TestTokens.Clock())).Error);
    }

    [Fact]
    public void PublicJwk_RoundTripsThroughJson()
    {
        JsonWebKey published = Key.PublicJwk;
        Assert.Equal("sig", published.Use);
        Assert.Equal(Algorithm.Name, published.Alg);
        Assert.Equal(Key.KeyId, published.Kid);
        Assert.False(published.HasPrivateKey);

        Assert.True(JsonWebKey.TryParse(published.ToJson(), out JsonWebKey? parsed, out _));
        Assert.Equal(published.ToJson(), parsed.ToJson());
        Assert.Equal(published.ComputeThumbprint(), parsed.ComputeThumbprint());

        Assert.True(VerificationKey.TryCreate(parsed, out VerificationKey? verifier, out _));
        string token = TestTokens.Create(Key, TestTokens.Claims());
        Assert.True(JwtValidator.Validate(token, new VerificationKeySet([verifier]), TestTokens.Parameters(TestTokens.Clock())).IsValid);
    }

    [Fact]
    public void PrivateJwk_RoundTrips_AndSignsForTheSamePublicKey()
    {
        JsonWebKey exported = Key.ExportPrivateJwk();
        Assert.True(exported.HasPrivateKey);
        Assert.True(JsonWebKey.TryParse(exported.ToJson(), out JsonWebKey? parsed, out _));

        using SigningKey reloaded = SigningKey.FromJwk(parsed);
        Assert.Equal(Key.KeyId, reloaded.KeyId);
        Assert.Same(Algorithm, reloaded.Algorithm);
        Assert.False(reloaded.PublicJwk.HasPrivateKey);

        string token = TestTokens.Create(reloaded, TestTokens.Claims());
        Assert.True(JwtValidator.Validate(token, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock())).IsValid);
    }

    [Fact]
    public void Jwks_RoundTrip_FindsKeyByKid()
    {
        using SigningKey other = SigningKey.Generate(SignatureAlgorithm.ES256);
        string json = new JsonWebKeySet([Key.PublicJwk, other.PublicJwk]).ToJson();
        Assert.True(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKeySet? jwks, out _));

        VerificationKeySet keys = VerificationKeySet.FromJwks(jwks);

        Assert.Equal(2, keys.Count);
        Assert.True(keys.TryFind(Key.KeyId, out VerificationKey? found));
        Assert.Same(Algorithm, found.Algorithm);
        string token = TestTokens.Create(Key, TestTokens.Claims());
        Assert.True(JwtValidator.Validate(token, keys, TestTokens.Parameters(TestTokens.Clock())).IsValid);
    }

    [Fact]
    public void VerificationKey_RejectsOtherAlgorithmsTokens()
    {
        SignatureAlgorithm other = SignatureAlgorithm.All.First(a => a != Algorithm);
        string token = TestTokens.SignRaw(Key, $$"""{"alg":"{{other.Name}}","kid":"{{Key.KeyId}}"}""", TestTokens.Claims());

        Assert.Equal(JoseErrorCode.AlgorithmMismatch, JwtValidator.Validate(token, TestTokens.SetOf(Key), TestTokens.Parameters(TestTokens.Clock())).Error);
    }
}

public sealed class ES256Contract : SignatureAlgorithmContract
{
    protected override SignatureAlgorithm Algorithm => SignatureAlgorithm.ES256;
}

public sealed class ES384Contract : SignatureAlgorithmContract
{
    protected override SignatureAlgorithm Algorithm => SignatureAlgorithm.ES384;
}

public sealed class RS256Contract : SignatureAlgorithmContract
{
    protected override SignatureAlgorithm Algorithm => SignatureAlgorithm.RS256;
}

public sealed class PS256Contract : SignatureAlgorithmContract
{
    protected override SignatureAlgorithm Algorithm => SignatureAlgorithm.PS256;
}
