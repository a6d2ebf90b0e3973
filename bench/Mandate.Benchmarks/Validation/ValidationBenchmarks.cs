// Validating one ES256 RFC 9068 access token, four ways, on the same key and the same token:
//  - raw ECDsa.VerifyData over the same signing input: the floor (signature only, no parsing);
//  - Mandate.Jose JwtValidator.Validate: the fresh path (header, kid, alg, signature, claims) with the resource
//    server's own parameters; no cache is involved;
//  - Mandate.ResourceServer's validated-token cache: the lookup a repeated token costs (exp re-check included);
//  - Microsoft.IdentityModel JsonWebTokenHandler.ValidateTokenAsync with equivalent parameters.
// The token's exp is one hour after setup, so a run finishes long before it expires.
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.ResourceServer;
using Mandate.ResourceServer.Validation;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mandate.Benchmarks.Validation;

[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private const string Issuer = "https://issuer.example.test";
    private const string Audience = "https://api.example.test";

    private SigningKey _key = null!;
    private ECDsa _ecdsa = null!;
    private string _token = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;
    private VerificationKeySet _keys = null!;
    private JwtValidationParameters _parameters = null!;
    private ValidatedTokenCache _cache = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _identityModelParameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = SigningKey.Generate(SignatureAlgorithm.ES256);
        var now = TimeProvider.System.GetUtcNow();
        var payload = Encoding.UTF8.GetBytes(
            $"{{\"iss\":\"{Issuer}\",\"sub\":\"agt_abcdefghijklmnopqrstuvwxyz\",\"aud\":\"{Audience}\"," +
            $"\"exp\":{now.AddHours(1).ToUnixTimeSeconds()},\"iat\":{now.ToUnixTimeSeconds()},\"jti\":\"q8Jc3w0nqzC2aT3x9bX1Yw\"," +
            "\"client_id\":\"agt_abcdefghijklmnopqrstuvwxyz\",\"scope\":\"tools:read tools:write\"}");
        _token = JwsWriter.CreateCompact(_key, "at+jwt", payload);
        var lastDot = _token.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_token[..lastDot]);
        _signature = Base64UrlDecode(_token[(lastDot + 1)..]);

        _ecdsa = ECDsa.Create(ToParameters(_key));
        _keys = new VerificationKeySet([_key.ToVerificationKey()]);

        var options = new MandateBearerOptions { Issuer = Issuer, Audience = Audience };
        _parameters = AccessTokenValidatorCollection.CreateParameters(options, TimeProvider.System);

        var result = JwtValidator.Validate(_token, _keys, _parameters);
        if (!result.IsValid || !AccessTokenReader.TryRead(result.Claims!, "bench", out var identity) || identity is null)
        {
            throw new InvalidOperationException($"Benchmark token does not validate: {result.Error}.");
        }

        _cache = new ValidatedTokenCache(10_000);
        _cache.Add(_token, new ValidatedToken(identity, _keys, identity.AccessToken.ExpiresAt.AddSeconds(30).UtcTicks, _key.KeyId), now);

        _handler = new JsonWebTokenHandler { MapInboundClaims = false };
        _identityModelParameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            ValidTypes = ["at+jwt", "application/at+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
            IssuerSigningKey = new ECDsaSecurityKey(_ecdsa) { KeyId = _key.KeyId },
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
        };
        var identityModel = _handler.ValidateTokenAsync(_token, _identityModelParameters).GetAwaiter().GetResult();
        if (!identityModel.IsValid)
        {
            throw new InvalidOperationException("Benchmark token does not validate with JsonWebTokenHandler.", identityModel.Exception);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ecdsa.Dispose();
        _key.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw ECDsa.VerifyData (floor)")]
    public bool RawVerify() => _ecdsa.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256);

    [Benchmark(Description = "Mandate.Jose JwtValidator.Validate (fresh)")]
    public bool MandateValidate() => JwtValidator.Validate(_token, _keys, _parameters).IsValid;

    [Benchmark(Description = "Mandate.Jose validate + principal (fresh, uncached)")]
    public ClaimsIdentity? MandateValidateAndBuildPrincipal()
    {
        var result = JwtValidator.Validate(_token, _keys, _parameters);
        return result.IsValid && AccessTokenReader.TryRead(result.Claims!, "bench", out var identity) ? identity : null;
    }

    [Benchmark(Description = "Mandate validated-token cache hit (lookup)")]
    public bool MandateCacheHit() => _cache.TryGet(_token, TimeProvider.System.GetUtcNow(), _keys, out _);

    [Benchmark(Description = "JsonWebTokenHandler.ValidateTokenAsync")]
    public async Task<bool> IdentityModelValidate() => (await _handler.ValidateTokenAsync(_token, _identityModelParameters)).IsValid;

    private static ECParameters ToParameters(SigningKey key) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64UrlDecode(key.PublicJwk.X!), Y = Base64UrlDecode(key.PublicJwk.Y!) },
    };

    private static byte[] Base64UrlDecode(string value) =>
        Mandate.Jose.Base64Url.TryDecode(value, out var bytes) ? bytes : throw new FormatException("Not base64url.");
}
