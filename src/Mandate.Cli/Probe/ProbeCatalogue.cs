// The bad cases, each a known way resource servers have accepted tokens they should not have:
// RFC 8725 §2.1 (alg none), §2.2/§3.1 (key confusion, the key fixes the algorithm), §3.10 (jku/jwk/x5u
// not trusted), §3.11 (typ), RFC 7519 §4.1 (iss, aud, exp, nbf), RFC 9068 §4 (required claims, at+jwt),
// RFC 6750 §2 (bearer transport), RFC 7515 §4.1.11 (crit).
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Jose;

namespace Mandate.Cli.Probe;

/// <summary>Every case the probe sends. Each must be rejected by a correctly configured API.</summary>
internal static class ProbeCatalogue
{
    /// <summary>The cases, in the order they are run and printed.</summary>
    public static IReadOnlyList<ProbeCase> All { get; } =
    [
        new("no token", _ => new ProbeRequest("", Scheme: "")),
        new("expired (exp 10 minutes ago)", i => i.SignClaims(With(i.FreshClaims(), "exp", i.Now.AddMinutes(-10), "iat", i.Now.AddMinutes(-15)))),
        new("not yet valid (nbf in 10 minutes)", i => i.SignClaims(With(i.FreshClaims(), "nbf", i.Now.AddMinutes(10)))),
        new("issued in the future (iat in 1 hour)", i => i.SignClaims(With(i.FreshClaims(), "iat", i.Now.AddHours(1), "exp", i.Now.AddHours(1).AddMinutes(5)))),
        new("wrong issuer", i => i.SignClaims(Set(i.FreshClaims(), "iss", "https://issuer.attacker.example"))),
        new("wrong audience", i => i.SignClaims(Set(i.FreshClaims(), "aud", "https://another-api.example"))),
        new("missing exp", i => i.SignClaims(Without(i.FreshClaims(), "exp"))),
        new("missing aud", i => i.SignClaims(Without(i.FreshClaims(), "aud"))),
        new("missing iss", i => i.SignClaims(Without(i.FreshClaims(), "iss"))),
        new("missing sub", i => i.SignClaims(Without(i.FreshClaims(), "sub"))),
        new("alg none", i => new ProbeRequest(ProbeToken.Unsigned(i.RealHeaderWithAlg("none"), i.RealClaims))),
        new("alg None", i => new ProbeRequest(ProbeToken.Unsigned(i.RealHeaderWithAlg("None"), i.RealClaims))),
        new("alg NONE", i => new ProbeRequest(ProbeToken.Unsigned(i.RealHeaderWithAlg("NONE"), i.RealClaims))),
        new("alg none with the original signature kept", i => new ProbeRequest(ProbeToken.Encode(i.RealHeaderWithAlg("none")) + "." + i.RealParts[1] + "." + i.RealParts[2])),
        new("HS256 keyed with the issuer's public JWK", i => new ProbeRequest(ProbeToken.SignHs256(i.RealHeaderWithAlg("HS256"), i.FreshClaims(), IssuerKeyBytes.Jwk(i)))),
        new("HS256 keyed with the issuer's public key (PEM)", i => new ProbeRequest(ProbeToken.SignHs256(i.RealHeaderWithAlg("HS256"), i.FreshClaims(), IssuerKeyBytes.Pem(i)))),
        new("alg changed in the header, signature unchanged", i => new ProbeRequest(ProbeToken.Encode(i.RealHeaderWithAlg(OtherAlgorithm(i))) + "." + i.RealParts[1] + "." + i.RealParts[2])),
        new("stripped signature", i => new ProbeRequest(i.RealParts[0] + "." + i.RealParts[1] + ".")),
        new("tampered payload (scope widened)", i => new ProbeRequest(i.RealParts[0] + "." + ProbeToken.Encode(Widen(i.RealClaims)) + "." + i.RealParts[2])),
        new("unknown kid (attacker key)", i => new ProbeRequest(ProbeToken.Sign(ProbeInputs.HeaderFor(i.Attacker), i.FreshClaims(), i.Attacker))),
        new("attacker key under the issuer's kid", i => new ProbeRequest(ProbeToken.Sign(ProbeInputs.HeaderFor(i.Attacker, kid: RealKid(i)), i.FreshClaims(), i.Attacker))),
        new("embedded jwk header (attacker key)", i => new ProbeRequest(ProbeToken.Sign(AddHeader(ProbeInputs.HeaderFor(i.Attacker), "jwk", JsonNode.Parse(i.Attacker.PublicJwk.ToJson())), i.FreshClaims(), i.Attacker))),
        new("jku header to an attacker JWKS", i => new ProbeRequest(ProbeToken.Sign(AddHeader(ProbeInputs.HeaderFor(i.Attacker), "jku", i.AttackerJwksUrl), i.FreshClaims(), i.Attacker))),
        new("wrong typ (JWT)", i => i.SignClaims(i.FreshClaims(), typ: "JWT")),
        new("missing typ", i => i.SignClaims(i.FreshClaims(), typ: null)),
        new("unknown crit header", i => new ProbeRequest(ProbeToken.Sign(AddHeader(AddHeader(ProbeInputs.HeaderFor(i.ClaimsKey), "crit", new JsonArray("probe-ext")), "probe-ext", true), i.FreshClaims(), i.ClaimsKey))),
        new("header that is not UTF-8", i => new ProbeRequest(NotUnicodeHeader(i, [0xC3, 0x28]))),
        new("header with an escaped lone surrogate", i => new ProbeRequest(NotUnicodeHeader(i, "\\ud800"u8.ToArray()))),
        new("oversized token (16 KiB)", i => i.SignClaims(Set(i.FreshClaims(), "pad", new string('A', 16 * 1024)))),
        new("token in the query string", i => new ProbeRequest(i.RealToken, Scheme: "", InQuery: true)),
        new("wrong scheme Basic", i => new ProbeRequest(i.RealToken, Scheme: "Basic")),
        new("wrong scheme Token", i => new ProbeRequest(i.RealToken, Scheme: "Token")),
    ];

    // RFC 7515 §5.2 step 4: the header must be UTF-8 JSON. Parsers that check only the grammar accept these bytes and
    // fail later, often with a server error instead of a 401. The kid is the real one with the bad text appended.
    private static string NotUnicodeHeader(ProbeInputs inputs, byte[] text)
    {
        byte[] header = [.. "{\"alg\":\""u8, .. Encoding.UTF8.GetBytes(inputs.RealHeader["alg"]?.GetValue<string>() ?? ""),
            .. "\",\"typ\":\"at+jwt\",\"kid\":\""u8, .. Encoding.UTF8.GetBytes(RealKid(inputs)), .. text, .. "\"}"u8];
        return Base64Url.Encode(header) + "." + inputs.RealParts[1] + "." + inputs.RealParts[2];
    }

    private static JsonObject With(JsonObject claims, string name, DateTimeOffset value, string? name2 = null, DateTimeOffset value2 = default)
    {
        claims[name] = value.ToUnixTimeSeconds();
        if (name2 is not null)
        {
            claims[name2] = value2.ToUnixTimeSeconds();
        }

        return claims;
    }

    private static JsonObject Set(JsonObject claims, string name, string value)
    {
        claims[name] = value;
        return claims;
    }

    private static JsonObject Without(JsonObject claims, string name)
    {
        claims.Remove(name);
        return claims;
    }

    private static JsonObject AddHeader(JsonObject header, string name, JsonNode? value)
    {
        header[name] = value;
        return header;
    }

    private static JsonObject Widen(JsonObject realClaims)
    {
        var claims = (JsonObject)realClaims.DeepClone();
        string scope = claims["scope"]?.GetValue<string>() ?? "";
        claims["scope"] = (scope + " mandate:admin").Trim();
        return claims;
    }

    private static string RealKid(ProbeInputs inputs) => inputs.RealHeader["kid"]?.GetValue<string>() ?? "";

    private static string OtherAlgorithm(ProbeInputs inputs) =>
        inputs.RealHeader["alg"]?.GetValue<string>() == "ES384" ? "ES256" : "ES384";

    /// <summary>The issuer's public key as the bytes a confused HMAC verifier might use as its secret.</summary>
    private static class IssuerKeyBytes
    {
        public static byte[] Jwk(ProbeInputs inputs) => Encoding.UTF8.GetBytes(Require(inputs).ToJson());

        public static byte[] Pem(ProbeInputs inputs) => Encoding.ASCII.GetBytes(PublicKeyPem.Export(Require(inputs)));

        private static Jose.Jwk.JsonWebKey Require(ProbeInputs inputs) =>
            inputs.IssuerPublicKey ?? throw new CliException(ExitCodes.Failure, "the issuer's JWKS has no key for the real token's kid");
    }
}
