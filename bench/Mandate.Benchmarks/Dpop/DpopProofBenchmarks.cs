// The cost DPoP adds per request (RFC 9449): one ES256 proof verification plus the jti replay check, at the token
// endpoint (InMemoryReplayCache, the IReplayCache the server uses without a database) and at the API (ath included,
// the resource server's DpopReplayCache). Each call records a new jti, as real traffic does.
using BenchmarkDotNet.Attributes;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.ResourceServer.Dpop;
using Mandate.Storage.InMemory;

namespace Mandate.Benchmarks.Dpop;

[MemoryDiagnoser]
public class DpopProofBenchmarks
{
    private DateTimeOffset _now;
    private SigningKey _key = null!;
    private DpopProofWriter _writer = null!;
    private string _tokenProof = null!;
    private string _apiProof = null!;
    private DpopProofParameters _tokenParameters = null!;
    private DpopProofParameters _apiParameters = null!;
    private InMemoryReplayCache _serverReplay = null!;
    private DpopReplayCache _apiReplay = null!;
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        _now = TimeProvider.System.GetUtcNow();
        _key = SigningKey.Generate(SignatureAlgorithm.ES256);
        _writer = new DpopProofWriter(_key);
        const string accessToken = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJhZ3QifQ.c2lnbmF0dXJl";
        _tokenProof = _writer.Create("POST", new Uri("http://127.0.0.1:5080/token"), _now);
        _apiProof = _writer.Create("GET", new Uri("http://127.0.0.1:5081/api/tools"), _now, accessToken);
        IReadOnlyCollection<SignatureAlgorithm> algorithms = [SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.PS256];
        _tokenParameters = new DpopProofParameters { Method = "POST", Uri = new Uri("http://127.0.0.1:5080/token"), Now = _now, AllowedAlgorithms = algorithms };
        _apiParameters = new DpopProofParameters { Method = "GET", Uri = new Uri("http://127.0.0.1:5081/api/tools"), Now = _now, AllowedAlgorithms = algorithms, AccessToken = accessToken };
        _serverReplay = new InMemoryReplayCache(TimeProvider.System);
        _apiReplay = new DpopReplayCache();
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Description = "/token: verify proof + IReplayCache")]
    public bool TokenEndpoint()
    {
        var proof = DpopProofValidator.Validate(_tokenProof, _tokenParameters).Proof!;
        return _serverReplay.TryAddAsync("dpop:" + proof.Thumbprint, proof.JwtId + (++_counter), _now.AddMinutes(1), default).Result;
    }

    [Benchmark(Description = "API: verify proof with ath + replay cache")]
    public bool Api()
    {
        var proof = DpopProofValidator.Validate(_apiProof, _apiParameters).Proof!;
        return _apiReplay.TryAdd(proof.Thumbprint, proof.JwtId + (++_counter), _now, _now.AddMinutes(1), 10_000_000);
    }

    [Benchmark(Description = "client: create proof")]
    public string CreateProof() => _writer.Create("GET", new Uri("http://127.0.0.1:5081/api/tools"), _now, "token");
}
