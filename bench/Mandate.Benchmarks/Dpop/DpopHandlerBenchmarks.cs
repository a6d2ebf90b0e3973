// The resource server's authentication handler (MandateBearerHandler through IAuthenticationService, no network) on
// a DPoP-bound ES256 token with a fresh proof per request (RFC 9449 §7.1):
//  - validated-token cache on: the token's signature is checked once, then each request is a cache hit plus the
//    proof check (signature, ath, htm/htu, jti replay);
//  - cache off (ValidatedTokenCacheSize = 0): each request also verifies the token's signature;
//  - for scale, a Bearer token on a cache hit (no proof).
// Proofs are made in IterationSetup (InvocationCount of them), so their creation is not measured. Each request gets
// its own DI scope, as in ASP.NET Core.
using System.Security.Claims;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.ResourceServer;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Benchmarks.Dpop;

[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class DpopHandlerBenchmarks
{
    private const int Invocations = 4096;
    private const string Issuer = "https://issuer.example.test";
    private const string Audience = "https://api.example.test";
    private static readonly Uri ApiUrl = new("https://api.example.test/api/tools");

    private SigningKey _issuerKey = null!;
    private SigningKey _proofKey = null!;
    private DpopProofWriter _writer = null!;
    private ServiceProvider _cached = null!;
    private ServiceProvider _uncached = null!;
    private string _boundToken = null!;
    private string _bearerToken = null!;
    private string[] _proofs = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _issuerKey = SigningKey.Generate(SignatureAlgorithm.ES256);
        _proofKey = SigningKey.Generate(SignatureAlgorithm.ES256);
        _writer = new DpopProofWriter(_proofKey);
        _boundToken = Token(", \"cnf\":{\"jkt\":\"" + _writer.Thumbprint + "\"}");
        _bearerToken = Token("");
        _cached = Build(10_000);
        _uncached = Build(0);
        // Warm up: the first call fetches metadata and JWKS; each must authenticate, or the figures mean nothing.
        Check(AuthenticateAsync(_cached, "DPoP", _boundToken, Proof()).GetAwaiter().GetResult(), "DPoP, cached");
        Check(AuthenticateAsync(_uncached, "DPoP", _boundToken, Proof()).GetAwaiter().GetResult(), "DPoP, uncached");
        Check(AuthenticateAsync(_cached, "Bearer", _bearerToken, null).GetAwaiter().GetResult(), "Bearer, cached");
    }

    [IterationSetup]
    public void MakeProofs()
    {
        _proofs = new string[Invocations];
        for (var i = 0; i < _proofs.Length; i++)
        {
            _proofs[i] = Proof();
        }

        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cached.Dispose();
        _uncached.Dispose();
        _issuerKey.Dispose();
        _proofKey.Dispose();
    }

    [Benchmark(Baseline = true, Description = "handler: DPoP token, cache hit + proof check")]
    public async Task<bool> DpopCached() => Check(await AuthenticateAsync(_cached, "DPoP", _boundToken, _proofs[_next++]), "DPoP, cached");

    [Benchmark(Description = "handler: DPoP token, cache off (token signature + proof check)")]
    public async Task<bool> DpopUncached() => Check(await AuthenticateAsync(_uncached, "DPoP", _boundToken, _proofs[_next++]), "DPoP, uncached");

    [Benchmark(Description = "handler: Bearer token, cache hit")]
    public async Task<bool> BearerCached() => Check(await AuthenticateAsync(_cached, "Bearer", _bearerToken, null), "Bearer, cached");

    private string Proof() => _writer.Create("GET", ApiUrl, TimeProvider.System.GetUtcNow(), _boundToken);

    private string Token(string extra)
    {
        var now = TimeProvider.System.GetUtcNow();
        var payload = Encoding.UTF8.GetBytes(
            $"{{\"iss\":\"{Issuer}\",\"sub\":\"agt_bench\",\"aud\":\"{Audience}\",\"exp\":{now.AddHours(1).ToUnixTimeSeconds()}," +
            $"\"iat\":{now.ToUnixTimeSeconds()},\"jti\":\"{Guid.NewGuid():N}\",\"client_id\":\"agt_bench\",\"scope\":\"tools:read\"{extra}}}");
        return JwsWriter.CreateCompact(_issuerKey, "at+jwt", payload);
    }

    private ServiceProvider Build(int cacheSize)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(o =>
        {
            o.Issuer = Issuer;
            o.Audience = Audience;
            o.ValidatedTokenCacheSize = cacheSize;
            o.BackchannelHttpHandler = new StaticIssuerHandler(_issuerKey);
        });
        return services.BuildServiceProvider();
    }

    // One DI scope per request, as ASP.NET Core makes: the handler provider is scoped and keeps one handler (and its
    // authentication result) per scope.
    private static async Task<AuthenticateResult> AuthenticateAsync(ServiceProvider services, string scheme, string token, string? proof)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("api.example.test");
        context.Request.Path = "/api/tools";
        context.Request.Headers.Authorization = scheme + " " + token;
        if (proof is not null)
        {
            context.Request.Headers["DPoP"] = proof;
        }

        return await context.AuthenticateAsync(MandateBearerDefaults.AuthenticationScheme);
    }

    // Every measured request must authenticate: a refused one would be measured as a fast failure.
    private static bool Check(AuthenticateResult result, string what)
    {
        if (!result.Succeeded || result.Principal?.Identity is not ClaimsIdentity { IsAuthenticated: true })
        {
            throw new InvalidOperationException($"Benchmark request ({what}) does not authenticate: {result.Failure?.Message}");
        }

        return true;
    }

    // The issuer's metadata and JWKS, served without a network.
    private sealed class StaticIssuerHandler(SigningKey key) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.RequestUri!.AbsolutePath.EndsWith("/jwks", StringComparison.Ordinal)
                ? "{\"keys\":[" + key.PublicJwk.ToJson() + "]}"
                : $"{{\"issuer\":\"{Issuer}\",\"jwks_uri\":\"{Issuer}/jwks\",\"token_endpoint\":\"{Issuer}/token\"}}";
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
        }
    }
}
