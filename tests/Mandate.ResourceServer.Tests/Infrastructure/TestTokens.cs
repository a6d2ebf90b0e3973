// Mints access tokens for tests: well-formed RFC 9068 tokens via JwsWriter, and hand-built malformed ones
// (alg none, HS256, mismatched alg, embedded jwk) that no well-behaved issuer would produce.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Jose;
using Mandate.Jose.Jws;

namespace Mandate.ResourceServer.Tests.Infrastructure;

public static class TestTokens
{
    public const string Audience = "https://api.example.test";
    public const string AgentId = "agt_0123456789abcdefghijklmnop";

    /// <summary>The RFC 9068 §2.2 claim set, valid at <paramref name="now"/> for five minutes.</summary>
    public static JsonObject Claims(string issuer, DateTimeOffset now, string scope = "tools:read tools:write") => new()
    {
        ["iss"] = issuer,
        ["sub"] = AgentId,
        ["aud"] = Audience,
        ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
        ["iat"] = now.ToUnixTimeSeconds(),
        ["jti"] = Base64Url.Encode(RandomNumberGenerator.GetBytes(16)),
        ["client_id"] = AgentId,
        ["scope"] = scope,
    };

    public static string Sign(SigningKey key, JsonObject claims, string? typ = "at+jwt") =>
        JwsWriter.CreateCompact(key, typ, Encoding.UTF8.GetBytes(claims.ToJsonString()));

    /// <summary>Builds a compact JWS from an arbitrary header; <paramref name="sign"/> gets the signing input.</summary>
    public static string Compose(JsonObject header, JsonObject claims, Func<byte[], byte[]> sign)
    {
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signingInput + "." + Base64Url.Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>An ES256 token signed by a key the issuer never published, under <paramref name="kid"/>.</summary>
    public static string SignWithForeignKey(string kid, JsonObject claims)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Compose(new JsonObject { ["alg"] = "ES256", ["kid"] = kid, ["typ"] = "at+jwt" }, claims,
            input => ecdsa.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    public static JsonObject ParseJson(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement;
}
