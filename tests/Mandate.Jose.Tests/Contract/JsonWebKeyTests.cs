using System.Security.Cryptography;
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Tests.Rfc;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Contract;

/// <summary>RFC 7517/7518 JWK reading, writing and key import rules.</summary>
public sealed class JsonWebKeyTests
{
    [Fact(DisplayName = "RFC 7517 §4: members are read; unknown members are ignored; ToPublic drops private members")]
    public void Parse_ReadsMembers()
    {
        JsonWebKey key = TestTokens.Jwk(RfcVectors.Rfc7520RsaJwk.Replace("\"use\":\"sig\",", "\"use\":\"sig\",\"key_ops\":[\"sign\"],\"x5t\":\"abc\","));

        Assert.Equal("RSA", key.Kty);
        Assert.Equal("bilbo.baggins@hobbiton.example", key.Kid);
        Assert.Equal("sig", key.Use);
        Assert.True(key.HasPrivateKey);
        JsonWebKey publicKey = key.ToPublic();
        Assert.False(publicKey.HasPrivateKey);
        Assert.Null(publicKey.D);
        Assert.Null(publicKey.QI);
        Assert.Equal(key.N, publicKey.N);
        Assert.DoesNotContain("\"d\"", publicKey.ToJson());
    }

    [Theory(DisplayName = "RFC 7517 §4: bad JWKs are rejected with a stable code")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}""", JoseErrorCode.DuplicateJsonMember)]
    [InlineData("""{"crv":"P-256"}""", JoseErrorCode.InvalidKey)]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}""", JoseErrorCode.InvalidKey)]
    [InlineData("""{"kty":"RSA","e":"AQAB"}""", JoseErrorCode.InvalidKey)]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU=","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}""", JoseErrorCode.InvalidKey)]
    [InlineData("""{"kty":7}""", JoseErrorCode.InvalidKey)]
    [InlineData("""{"kty":"RSA","n":"AQAB","e":"AQAB","oth":[]}""", JoseErrorCode.InvalidKey)]
    [InlineData("""[{"kty":"EC"}]""", JoseErrorCode.InvalidJson)]
    [InlineData("""{"kty":"EC",}""", JoseErrorCode.InvalidJson)]
    public void Parse_Rejects(string json, JoseErrorCode expected)
    {
        Assert.False(JsonWebKey.TryParse(json, out JsonWebKey? key, out JoseErrorCode error));
        Assert.Null(key);
        Assert.Equal(expected, error);
    }

    [Fact(DisplayName = "RFC 7518 §6.2.1: an EC point that is not on the curve is rejected")]
    public void EcPointOffCurve_IsInvalidKey()
    {
        JsonWebKey valid = TestTokens.Jwk(RfcVectors.A3Jwk).ToPublic();
        Assert.True(Base64Url.TryDecode(valid.Y!, out byte[] y));
        y[^1] ^= 1;
        JsonWebKey offCurve = TestTokens.Jwk(valid.ToJson().Replace(valid.Y!, Base64Url.Encode(y)));

        Assert.False(VerificationKey.TryCreate(offCurve, out _, out JoseErrorCode error, SignatureAlgorithm.ES256));
        Assert.Equal(JoseErrorCode.InvalidKey, error);
    }

    [Fact(DisplayName = "RFC 7518 §3.3: RSA keys below 2048 bits are rejected")]
    public void ShortRsa_IsInvalidKey()
    {
        using RSA rsa = RSA.Create(1024);
        JsonWebKey jwk = JsonWebKey.FromRsa(rsa, includePrivate: true, alg: "RS256");

        Assert.False(VerificationKey.TryCreate(jwk, out _, out JoseErrorCode error));
        Assert.Equal(JoseErrorCode.InvalidKey, error);
        Assert.Throws<ArgumentException>(() => SigningKey.FromJwk(jwk));
    }

    [Theory(DisplayName = "RFC 8725 §3.1: VerificationKey fixes one algorithm from jwk.alg or the argument")]
    [InlineData("ES256", null, JoseErrorCode.None)]
    [InlineData(null, "ES256", JoseErrorCode.None)]
    [InlineData(null, null, JoseErrorCode.InvalidKey)]
    [InlineData("ES384", null, JoseErrorCode.InvalidKey)]
    [InlineData("RS256", null, JoseErrorCode.InvalidKey)]
    [InlineData("HS256", null, JoseErrorCode.UnsupportedAlgorithm)]
    [InlineData("none", null, JoseErrorCode.UnsupportedAlgorithm)]
    [InlineData("ES256", "ES384", JoseErrorCode.AlgorithmMismatch)]
    public void VerificationKey_Algorithm(string? jwkAlg, string? argument, JoseErrorCode expected)
    {
        JsonWebKey jwk = TestTokens.Jwk(RfcVectors.A3Jwk).ToPublic();
        if (jwkAlg is not null)
        {
            jwk = jwk.WithAlgorithm(jwkAlg);
        }

        SignatureAlgorithm? requested = argument is null ? null : SignatureAlgorithm.TryGet(argument, out var a) ? a : null;
        VerificationKey.TryCreate(jwk, out VerificationKey? key, out JoseErrorCode error, requested);

        Assert.Equal(expected, error);
        Assert.Equal(expected == JoseErrorCode.None, key is not null);
    }

    [Fact(DisplayName = "RFC 7517 §4.2: a key with use=enc cannot verify")]
    public void UseEnc_IsInvalidKey()
    {
        JsonWebKey jwk = TestTokens.Jwk(RfcVectors.A3Jwk).ToPublic().WithUse("enc");
        Assert.False(VerificationKey.TryCreate(jwk, out _, out JoseErrorCode error, SignatureAlgorithm.ES256));
        Assert.Equal(JoseErrorCode.InvalidKey, error);
    }

    [Fact(DisplayName = "RFC 7517 §5: FromJwks skips enc, unsupported kty/crv/alg and private keys, and keeps the rest")]
    public void FromJwks_SkipsUnusableKeys()
    {
        using SigningKey es256 = SigningKey.Generate(SignatureAlgorithm.ES256);
        using SigningKey rs256 = SigningKey.Generate(SignatureAlgorithm.RS256);
        string ecNoAlg = es256.PublicJwk.ToJson().Replace(",\"alg\":\"ES256\"", "").Replace(es256.KeyId, "ec-no-alg");
        string json = $$"""
            {"keys":[
              {{es256.PublicJwk.ToJson()}},
              {{rs256.PublicJwk.ToJson()}},
              {{ecNoAlg}},
              {{es256.PublicJwk.ToJson().Replace("\"use\":\"sig\"", "\"use\":\"enc\"").Replace(es256.KeyId, "enc")}},
              {{rs256.PublicJwk.ToJson().Replace("RS256", "RS512").Replace(rs256.KeyId, "rs512")}},
              {{rs256.PublicJwk.ToJson().Replace(",\"alg\":\"RS256\"", "").Replace(rs256.KeyId, "rsa-no-alg")}},
              {"kty":"oct","kid":"hmac","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"},
              {"kty":"OKP","kid":"ed","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
              {"kty":"EC","kid":"p521","crv":"P-521","x":"AQ","y":"AQ"},
              {{es256.ExportPrivateJwk().ToJson().Replace(es256.KeyId, "private")}},
              {"kty":"EC","kid":"broken"}
            ]}
            """;

        Assert.True(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKeySet? jwks, out _));
        VerificationKeySet keys = VerificationKeySet.FromJwks(jwks);

        Assert.Equal(3, keys.Count);
        Assert.True(keys.TryFind(es256.KeyId, out _));
        Assert.True(keys.TryFind(rs256.KeyId, out _));
        Assert.True(keys.TryFind("ec-no-alg", out VerificationKey? inferred));
        Assert.Same(SignatureAlgorithm.ES256, inferred.Algorithm);
        foreach (string skipped in new[] { "enc", "rs512", "rsa-no-alg", "hmac", "ed", "p521", "private", "broken" })
        {
            Assert.False(keys.TryFind(skipped, out _), skipped);
        }
    }

    [Theory(DisplayName = "RFC 7517 §5: a JWKS must be an object with a keys array and no duplicate members")]
    [InlineData("""{"keys":{}}""", JoseErrorCode.Malformed)]
    [InlineData("""{"key":[]}""", JoseErrorCode.Malformed)]
    [InlineData("""{"keys":[],"keys":[]}""", JoseErrorCode.DuplicateJsonMember)]
    [InlineData("""{"keys":[{"kty":"EC","kty":"RSA"}]}""", JoseErrorCode.DuplicateJsonMember)]
    [InlineData("""{"keys":[}""", JoseErrorCode.InvalidJson)]
    public void Jwks_Rejects(string json, JoseErrorCode expected)
    {
        Assert.False(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), out _, out JoseErrorCode error));
        Assert.Equal(expected, error);
    }

    [Fact(DisplayName = "JsonWebKeySet.ToJson writes {\"keys\":[...]} in order")]
    public void Jwks_ToJson()
    {
        JsonWebKey a = TestTokens.Jwk(RfcVectors.A3Jwk).ToPublic().WithKeyId("a");
        JsonWebKey b = TestTokens.Jwk(RfcVectors.Rfc7638Jwk);
        string json = new JsonWebKeySet([a, b]).ToJson();

        Assert.StartsWith("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"a\"", json);
        Assert.True(JsonWebKeySet.TryParse(json, out JsonWebKeySet? parsed, out _));
        Assert.Equal(["a", "2011-04-29"], parsed.Keys.Select(k => k.Kid));
    }

    [Fact(DisplayName = "SigningKey.FromJwk: alg from the JWK, the argument, or the curve; contradictions throw")]
    public void SigningKey_FromJwk_Algorithm()
    {
        JsonWebKey ec = TestTokens.Jwk(RfcVectors.A3Jwk);
        using (SigningKey fromCurve = SigningKey.FromJwk(ec))
        {
            Assert.Same(SignatureAlgorithm.ES256, fromCurve.Algorithm);
            Assert.Equal(ec.ComputeThumbprint(), fromCurve.KeyId);
            Assert.Equal("sig", fromCurve.PublicJwk.Use);
        }

        Assert.Throws<ArgumentException>(() => SigningKey.FromJwk(ec, SignatureAlgorithm.ES384));
        Assert.Throws<ArgumentException>(() => SigningKey.FromJwk(ec.WithAlgorithm("ES256"), SignatureAlgorithm.RS256));
        Assert.Throws<ArgumentException>(() => SigningKey.FromJwk(ec.ToPublic()));
        Assert.Throws<ArgumentException>(() => SigningKey.FromJwk(TestTokens.Jwk(RfcVectors.A2Jwk)));

        // A private scalar that does not belong to the public point is refused.
        JsonWebKey other = SigningKey.Generate(SignatureAlgorithm.ES256).ExportPrivateJwk();
        JsonWebKey mixed = TestTokens.Jwk(ec.ToJson().Replace(ec.D!, other.D!));
        Assert.ThrowsAny<ArgumentException>(() => SigningKey.FromJwk(mixed));
    }

    [Fact(DisplayName = "RFC 7518 §6.2.1.2: EC coordinates are written at full field width")]
    public void FromECDsa_FixedWidth()
    {
        using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        JsonWebKey jwk = JsonWebKey.FromECDsa(ecdsa, includePrivate: true, kid: "k", alg: "ES384");

        Assert.Equal("P-384", jwk.Crv);
        Assert.Equal(64, jwk.X!.Length);
        Assert.Equal(64, jwk.Y!.Length);
        Assert.Equal(64, jwk.D!.Length);
        Assert.Throws<ArgumentException>(() => JsonWebKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP521), false));
    }
}
