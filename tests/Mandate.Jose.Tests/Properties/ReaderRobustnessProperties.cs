// Random input to every public JOSE/JSON reader: each answers with a JoseErrorCode or a parsed value and never
// throws (RFC 8725 §3.x: input is attacker-controlled). Inputs are raw random strings and bytes, and "near
// misses": three base64url segments of random JSON-ish bytes, and random JSON members in JWK/JWKS shape.
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;

namespace Mandate.Jose.Tests.Properties;

public sealed class ReaderRobustnessProperties
{
    private static readonly SigningKey Key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private static readonly VerificationKeySet Keys = VerificationKeySet.FromJwks(new JsonWebKeySet([Key.PublicJwk]));

    private static readonly JwtValidationParameters Parameters = new() { ValidIssuer = "https://as.example", ValidAudiences = ["https://api.example"] };

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true", "1e999", "-0", "01",
        "\"alg\"", "\"ES256\"", "\"none\"", "\"kid\"", "\"typ\"", "\"crit\"", "\"kty\"", "\"EC\"", "\"crv\"", "\"P-256\"",
        "\"x\"", "\"y\"", "\"d\"", "\"keys\"", "\"exp\"", "\"aud\"", "\"iss\"", "\"sub\"", "\"act\"", " ", "\u00e9", "\ufeff",
    ];

    public static class Inputs
    {
        public static Arbitrary<string> JsonIsh() =>
            Gen.ArrayOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts)).ToArbitrary();
    }

    [Property(MaxTest = 500)]
    public void Validate_RandomText_NeverThrows(string? text)
    {
        var result = JwtValidator.Validate(text ?? "", Keys, Parameters);
        Assert.False(result.IsValid);
    }

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 500)]
    public void Validate_ThreeSegmentsOfRandomJson_NeverThrows_NeverValid(string header, string payload, string signature)
    {
        var token = string.Join('.', Base64Url.Encode(Encoding.UTF8.GetBytes(header)), Base64Url.Encode(Encoding.UTF8.GetBytes(payload)),
            Base64Url.Encode(Encoding.UTF8.GetBytes(signature)));

        var result = JwtValidator.Validate(token, Keys, Parameters);

        Assert.False(result.IsValid);
        Assert.NotEqual(JoseErrorCode.None, result.Error);
    }

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 500)]
    public void HeaderReader_RandomJsonHeader_NeverThrows(string header, string rest)
    {
        var compact = Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + rest;
        var error = JwsReader.TryReadHeader(compact, 8 * 1024, out _);
        Assert.True(Enum.IsDefined(error));
    }

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 500)]
    public void JsonReaders_RandomJson_NeverThrow(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);

        Assert.Equal(JwtClaims.TryParse(utf8, out var claims, out var claimsError), claims is not null && claimsError == JoseErrorCode.None);
        Assert.Equal(JsonWebKey.TryParse(utf8, out var key, out _), key is not null);
        Assert.Equal(JsonWebKeySet.TryParse(json, out var set, out _), set is not null);
    }

    [Property(MaxTest = 500)]
    public void JsonReaders_RandomBytes_NeverThrow(byte[] bytes)
    {
        _ = JwtClaims.TryParse(bytes, out _, out _);
        _ = JsonWebKey.TryParse(bytes, out _, out _);
        _ = JsonWebKeySet.TryParse(bytes, out _, out _);
        Assert.False(Base64Url.TryDecode(Encoding.Latin1.GetString(bytes) + "!", out _));
    }
}
