using System.Security.Cryptography;
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MsJsonWebKey = Microsoft.IdentityModel.Tokens.JsonWebKey;

namespace Mandate.Jose.Tests.Interop;

/// <summary>
/// Two-way interop with Microsoft.IdentityModel.JsonWebTokens 8.23.0 as an independent oracle. These tests use
/// the real clock because the oracle does; lifetimes are minutes wide, so the outcome never depends on timing.
/// </summary>
public sealed class MicrosoftIdentityModelInteropTests
{
    private const string Issuer = "https://as.example";
    private const string Audience = "https://api.example";

    public static TheoryData<string> Algorithms => new() { "ES256", "ES384", "RS256", "PS256" };

    [Theory(DisplayName = "Interop: tokens Mandate signs validate with JsonWebTokenHandler")]
    [MemberData(nameof(Algorithms))]
    public async Task OurToken_ValidatesWithMicrosoft(string name)
    {
        SignatureAlgorithm algorithm = Algorithm(name);
        using SigningKey key = SigningKey.Generate(algorithm);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string payload = $$"""{"iss":"{{Issuer}}","sub":"agt_1","aud":"{{Audience}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 300}},"jti":"j-1","scope":"read write"}""";
        string token = JwsWriter.CreateCompact(key, "at+jwt", Encoding.UTF8.GetBytes(payload));

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = [name],
            IssuerSigningKey = new MsJsonWebKey(key.PublicJwk.ToJson()),
        };
        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("agt_1", result.Claims["sub"]);
        Assert.Equal(key.KeyId, ((JsonWebToken)result.SecurityToken).Kid);
    }

    [Theory(DisplayName = "Interop: tokens JsonWebTokenHandler creates validate with JwtValidator")]
    [MemberData(nameof(Algorithms))]
    public void MicrosoftToken_ValidatesWithOurs(string name)
    {
        SignatureAlgorithm algorithm = Algorithm(name);
        (SecurityKey msKey, Mandate.Jose.Jwk.JsonWebKey publicJwk, IDisposable owner) = CreateKey(algorithm, kid: "ms-" + name);
        using (owner)
        {
            DateTime now = DateTime.UtcNow;
            string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Audience,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                TokenType = "at+jwt",
                Claims = new Dictionary<string, object> { ["sub"] = "agt_2", ["client_id"] = "agt_2" },
                SigningCredentials = new SigningCredentials(msKey, name),
            });

            Assert.True(VerificationKey.TryCreate(publicJwk, out VerificationKey? verifier, out JoseErrorCode error), error.ToString());
            JwtValidationResult result = JwtValidator.Validate(token, new VerificationKeySet([verifier]), new JwtValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudiences = [Audience],
                ValidTypes = ["at+jwt"],
            });

            Assert.True(result.IsValid, result.Error.ToString());
            Assert.Equal("agt_2", result.Claims!.Subject);
            Assert.Equal("agt_2", result.Claims.ClientId);
            Assert.Equal("ms-" + name, result.KeyId);
        }
    }

    [Theory(DisplayName = "Interop: RFC 7638 thumbprint equals JsonWebKey.ComputeJwkThumbprint")]
    [MemberData(nameof(Algorithms))]
    public void Thumbprint_MatchesMicrosoft(string name)
    {
        using SigningKey key = SigningKey.Generate(Algorithm(name));
        byte[] theirs = new MsJsonWebKey(key.PublicJwk.ToJson()).ComputeJwkThumbprint();

        Assert.Equal(Base64UrlEncoder.Encode(theirs), key.PublicJwk.ComputeThumbprint());
        Assert.Equal(key.KeyId, key.PublicJwk.ComputeThumbprint());
    }

    [Fact(DisplayName = "Interop: JsonWebTokenHandler rejects a Mandate token whose payload was altered")]
    public async Task TamperedToken_RejectedByMicrosoft()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string token = JwsWriter.CreateCompact(key, "at+jwt", Encoding.UTF8.GetBytes($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{now + 300}}}"""));
        string[] parts = token.Split('.');
        string forged = parts[0] + "." + Base64Url.Encode(Encoding.UTF8.GetBytes($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{now + 3000}}}""")) + "." + parts[2];

        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(forged, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = new MsJsonWebKey(key.PublicJwk.ToJson()),
        });

        Assert.False(result.IsValid);
    }

    private static SignatureAlgorithm Algorithm(string name)
        => SignatureAlgorithm.TryGet(name, out SignatureAlgorithm? algorithm) ? algorithm : throw new ArgumentException(name);

    private static (SecurityKey Key, Mandate.Jose.Jwk.JsonWebKey PublicJwk, IDisposable Owner) CreateKey(SignatureAlgorithm algorithm, string kid)
    {
        if (algorithm.KeyType == "EC")
        {
            ECDsa ecdsa = ECDsa.Create(algorithm.Curve == "P-256" ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
            return (new ECDsaSecurityKey(ecdsa) { KeyId = kid }, Mandate.Jose.Jwk.JsonWebKey.FromECDsa(ecdsa, false, kid, algorithm.Name), ecdsa);
        }

        RSA rsa = RSA.Create(2048);
        return (new RsaSecurityKey(rsa) { KeyId = kid }, Mandate.Jose.Jwk.JsonWebKey.FromRsa(rsa, false, kid, algorithm.Name), rsa);
    }
}
