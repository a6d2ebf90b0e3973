// ES256 signing of an RFC 9068 access token: Mandate.Jose against the raw ECDsa floor and
// Microsoft.IdentityModel's JsonWebTokenHandler, on the same key and the same claims.
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mandate.Benchmarks.Signing;

[MemoryDiagnoser]
public class SigningBenchmarks
{
    private SigningKey _key = null!;
    private ECDsa _ecdsa = null!;
    private byte[] _payload = null!;
    private byte[] _signingInput = null!;
    private JsonWebTokenHandler _handler = null!;
    private SecurityTokenDescriptor _descriptor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = SigningKey.Generate(SignatureAlgorithm.ES256);
        _ecdsa = ECDsa.Create();
        _ecdsa.ImportParameters(ToParameters(_key));
        _payload = Encoding.UTF8.GetBytes(
            "{\"iss\":\"http://127.0.0.1:5080\",\"sub\":\"agt_abcdefghijklmnopqrstuvwxyz\",\"aud\":\"https://api.example.test\"," +
            "\"exp\":1795000300,\"iat\":1795000000,\"jti\":\"q8Jc3w0nqzC2aT3x9bX1Yw\",\"client_id\":\"agt_abcdefghijklmnopqrstuvwxyz\"," +
            "\"scope\":\"tools:read tools:write\"}");
        var token = JwsWriter.CreateCompact(_key, "at+jwt", _payload);
        _signingInput = Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);

        _handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var securityKey = new ECDsaSecurityKey(_ecdsa) { KeyId = _key.KeyId };
        _descriptor = new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(securityKey, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["iss"] = "http://127.0.0.1:5080", ["sub"] = "agt_abcdefghijklmnopqrstuvwxyz",
                ["aud"] = "https://api.example.test", ["exp"] = 1795000300L, ["iat"] = 1795000000L,
                ["jti"] = "q8Jc3w0nqzC2aT3x9bX1Yw", ["client_id"] = "agt_abcdefghijklmnopqrstuvwxyz",
                ["scope"] = "tools:read tools:write",
            },
        };
    }

    [Benchmark(Baseline = true, Description = "raw ECDsa.SignData (.NET)")]
    public byte[] RawSign() => _ecdsa.SignData(_signingInput, HashAlgorithmName.SHA256);

    [Benchmark(Description = "Mandate.Jose JwsWriter ES256")]
    public string MandateSign() => JwsWriter.CreateCompact(_key, "at+jwt", _payload);

    [Benchmark(Description = "JsonWebTokenHandler.CreateToken ES256")]
    public string IdentityModelSign() => _handler.CreateToken(_descriptor);

    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        _ecdsa.Dispose();
    }

    private static ECParameters ToParameters(SigningKey key)
    {
        var jwk = key.ExportPrivateJwk();
        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlDecode(jwk.X!), Y = Base64UrlDecode(jwk.Y!) },
            D = Base64UrlDecode(jwk.D!),
        };
    }

    private static byte[] Base64UrlDecode(string value)
        => Mandate.Jose.Base64Url.TryDecode(value, out var bytes) ? bytes : throw new FormatException();
}
