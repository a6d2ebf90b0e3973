using System.Text;
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Jose.Tests.Support;

namespace Mandate.Jose.Tests.Contract;

/// <summary>RFC 7519 §4 claims parsing and the buffer paths of the validator.</summary>
public sealed class JwtClaimsTests
{
    [Fact(DisplayName = "RFC 7519 §4.1: registered claims are typed; others stay reachable through Root")]
    public void Parse_RegisteredAndPrivateClaims()
    {
        string json = """{"iss":"i","sub":"s","aud":["a","b"],"exp":2,"nbf":1,"iat":1,"jti":"j","client_id":"c","scope":"x y","act":{"sub":"agent"},"n\u0061me":"v"}""";
        Assert.True(JwtClaims.TryParse(Encoding.UTF8.GetBytes(json), out JwtClaims? claims, out _));

        Assert.Equal("i", claims.Issuer);
        Assert.Equal("s", claims.Subject);
        Assert.Equal(["a", "b"], claims.Audiences);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2), claims.ExpiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), claims.NotBefore);
        Assert.Equal("j", claims.JwtId);
        Assert.Equal("c", claims.ClientId);
        Assert.Equal("x y", claims.Scope);
        Assert.True(claims.TryGetClaim("act", out JsonElement act));
        Assert.Equal("agent", act.GetProperty("sub").GetString());
        Assert.True(claims.TryGetClaim("name", out JsonElement name));
        Assert.Equal("v", name.GetString());
        Assert.Equal(JsonValueKind.Object, claims.Root.ValueKind);
    }

    [Fact(DisplayName = "An escaped registered claim name is still type-checked")]
    public void EscapedRegisteredName_IsChecked()
    {
        Assert.False(JwtClaims.TryParse("""{"\u0065xp":"soon"}"""u8, out _, out JoseErrorCode error));
        Assert.Equal(JoseErrorCode.InvalidClaim, error);
    }

    [Fact(DisplayName = "Large payloads (pooled buffers) and header kids needing JSON escapes round-trip")]
    public void LargePayload_AndEscapedKid()
    {
        using SigningKey source = SigningKey.Generate(SignatureAlgorithm.ES256);
        using SigningKey key = SigningKey.FromJwk(source.ExportPrivateJwk().WithKeyId("k\"1\\é"));
        string filler = new('x', 3000);
        string token = TestTokens.Create(key, TestTokens.Claims(extra: $",\"filler\":\"{filler}\""));

        JwtValidationResult result = JwtValidator.Validate(token, TestTokens.SetOf(key), TestTokens.Parameters(TestTokens.Clock(), "at+jwt"));

        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal("k\"1\\é", result.Header.Kid);
        Assert.True(result.Claims!.TryGetClaim("filler", out JsonElement value));
        Assert.Equal(filler, value.GetString());
    }

    [Fact(DisplayName = "Root is safe to read from many threads at once")]
    public void Root_IsThreadSafe()
    {
        Assert.True(JwtClaims.TryParse("""{"a":{"b":[1,2,3]}}"""u8, out JwtClaims? claims, out _));
        Parallel.For(0, 64, _ => Assert.Equal(3, claims.Root.GetProperty("a").GetProperty("b").GetArrayLength()));
    }
}
