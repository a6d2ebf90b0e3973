// What checking a token's Token Status List adds to a cached validation at the API: StatusListCache.CheckAsync on a
// cached, fresh copy of a 2^20-entry list with 1 % of its bits set (no network, as on every request between refreshes),
// next to the validated-token cache lookup it follows, and the same lookup followed by the check.
// Also: compressing that list on the issuer, per list request.
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Protocol.StatusList;
using Mandate.ResourceServer;
using Mandate.ResourceServer.StatusList;
using Mandate.ResourceServer.Validation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mandate.Benchmarks.StatusList;

[MemoryDiagnoser]
public class StatusCheckBenchmarks
{
    private const string Issuer = "https://issuer.example.test";
    private const string Uri = Issuer + "/statuslists/1";
    private const int Size = 1 << 20;

    private StatusListCache _lists = null!;
    private StatusListReference _reference = null!;
    private ValidatedTokenCache _cache = null!;
    private VerificationKeySet _keys = null!;
    private string _token = null!;
    private DateTimeOffset _issuedAt;
    private int[] _revoked = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        _keys = new VerificationKeySet([key.ToVerificationKey()]);
        var now = TimeProvider.System.GetUtcNow();
        _issuedAt = now;
        _token = JwsWriter.CreateCompact(key, "at+jwt", Encoding.UTF8.GetBytes(
            $"{{\"iss\":\"{Issuer}\",\"sub\":\"agt_a\",\"aud\":\"https://api.example.test\",\"exp\":{now.AddHours(1).ToUnixTimeSeconds()}," +
            $"\"iat\":{now.ToUnixTimeSeconds()},\"jti\":\"j\",\"client_id\":\"agt_a\",\"status\":{{\"status_list\":{{\"idx\":524287,\"uri\":\"{Uri}\"}}}}}}"));
        var parameters = AccessTokenValidatorCollection.CreateParameters(new MandateBearerOptions { Issuer = Issuer, Audience = "https://api.example.test" }, TimeProvider.System);
        var result = JwtValidator.Validate(_token, _keys, parameters);
        if (!AccessTokenReader.TryRead(result.Claims!, "bench", out var identity) || !StatusListReference.TryRead(result.Claims!, Issuer, out var reference))
        {
            throw new InvalidOperationException("setup token did not validate");
        }

        _reference = reference!;
        _cache = new ValidatedTokenCache(10_000);
        _cache.Add(_token, new ValidatedToken(identity!, _keys, now.AddHours(1).UtcTicks, key.KeyId, _reference), now);

        _revoked = [.. Enumerable.Range(0, Size / 100).Select(_ => RandomNumberGenerator.GetInt32(Size)).Distinct()];
        var bits = StatusListBits.Decompress(StatusListBits.Compress(Size, _revoked), Size / 8)!;
        _lists = new StatusListCache(null!, TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger.Instance);
        _lists.Seed(Uri, new StatusListSnapshot(bits, 1, now.AddHours(1).UtcTicks, now.AddHours(1).UtcTicks));
    }

    [Benchmark(Baseline = true, Description = "validated-token cache hit")]
    public bool CacheHit() => _cache.TryGet(_token, TimeProvider.System.GetUtcNow(), _keys, out _);

    [Benchmark(Description = "status check (cached list)")]
    public bool StatusCheck() => _lists.CheckAsync(_reference, _issuedAt, "j", default).Result == Mandate.ResourceServer.StatusList.StatusCheck.Valid;

    [Benchmark(Description = "cache hit + status check")]
    public bool CacheHitAndStatus()
    {
        _cache.TryGet(_token, TimeProvider.System.GetUtcNow(), _keys, out var hit);
        return _lists.CheckAsync(hit!.Status!, _issuedAt, "j", default).Result == Mandate.ResourceServer.StatusList.StatusCheck.Valid;
    }

    [Benchmark(Description = "issuer: compress 2^20 list, 1 % revoked")]
    public int Compress() => StatusListBits.Compress(Size, _revoked).Length;
}
