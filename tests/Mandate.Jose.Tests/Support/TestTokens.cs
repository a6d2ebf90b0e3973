using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Jose.Tests.Support;

/// <summary>Builds tokens, including deliberately bad ones, for the tests.</summary>
internal static class TestTokens
{
    public const string Issuer = "https://as.example";
    public const string Audience = "https://api.example";

    /// <summary>2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Now);

    public static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    /// <summary>A typical access-token payload valid at <see cref="Now"/> for five minutes.</summary>
    public static string Claims(long? exp = null, string aud = $"\"{Audience}\"", string extra = "")
        => $$"""{"iss":"{{Issuer}}","sub":"agt_1","aud":{{aud}},"exp":{{exp ?? Unix(Now) + 300}},"iat":{{Unix(Now)}},"jti":"j1","client_id":"agt_1","scope":"read"{{extra}}}""";

    public static JwtValidationParameters Parameters(TimeProvider time, params string[] types) => new()
    {
        ValidIssuer = Issuer,
        ValidAudiences = [Audience],
        ValidTypes = types,
        TimeProvider = time,
    };

    /// <summary>Signs an arbitrary header and payload with the key's real algorithm, bypassing JwsWriter's header.</summary>
    public static string SignRaw(SigningKey key, string headerJson, string payloadJson)
        => SignRawEncoded(key, Encode(headerJson), Encode(payloadJson));

    public static string SignRawEncoded(SigningKey key, string encodedHeader, string encodedPayload)
    {
        string signingInput = encodedHeader + "." + encodedPayload;
        byte[] signature = new byte[1024];
        int length = key.Sign(Encoding.ASCII.GetBytes(signingInput), signature);
        return signingInput + "." + Base64Url.Encode(signature.AsSpan(0, length));
    }

    public static string Encode(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    public static string Create(SigningKey key, string payloadJson, string? typ = "at+jwt")
        => JwsWriter.CreateCompact(key, typ, Encoding.UTF8.GetBytes(payloadJson));

    public static VerificationKeySet SetOf(params SigningKey[] keys) => new(keys.Select(k => k.ToVerificationKey()));

    public static JsonWebKey Jwk(string json)
        => JsonWebKey.TryParse(json, out JsonWebKey? key, out JoseErrorCode error) ? key : throw new InvalidOperationException(error.ToString());

    /// <summary>Keys are expensive to make (RSA), so each algorithm has one shared key per test run.</summary>
    public static SigningKey Shared(SignatureAlgorithm algorithm) => SharedKeys.Get(algorithm);

    private static class SharedKeys
    {
        private static readonly Dictionary<string, SigningKey> Keys = SignatureAlgorithm.All.ToDictionary(a => a.Name, SigningKey.Generate);

        public static SigningKey Get(SignatureAlgorithm algorithm) => Keys[algorithm.Name];
    }
}
