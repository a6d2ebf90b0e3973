// RFC 9449 §7 at a protected API over real HTTP (Kestrel on loopback, fake clock): the DPoP scheme with proofs,
// one test per refusal named after its clause, Bearer beside DPoP, RequireDPoP per endpoint and globally, and
// API nonces (§9). The validated-token cache keeps serving bound tokens while the proof is checked every time.
using System.Net;
using System.Net.Http.Headers;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests.Dpop;

public sealed class DpopResourceTests : ResourceServerTestBase
{
    private readonly SigningKey _dpopKey = SigningKey.Generate(SignatureAlgorithm.ES256);
    private DpopProofWriter _writer = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _writer = new DpopProofWriter(_dpopKey);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dpopKey.Dispose();
    }

    private string BoundToken(string? jkt = null)
    {
        var claims = Claims();
        claims["cnf"] = new System.Text.Json.Nodes.JsonObject { ["jkt"] = jkt ?? _writer.Thumbprint };
        return TestTokens.Sign(Key, claims);
    }

    private Uri Url(string path) => new(Api.BaseAddress + path);

    private string Proof(string token, string path = "/api/tools", string method = "GET", DpopProofWriter? writer = null, string? nonce = null, bool ath = true)
        => (writer ?? _writer).Create(method, Url(path), Now, ath ? token : null, nonce);

    private Task<HttpResponseMessage> SendAsync(string scheme, string token, string? proof, string path = "/api/tools", HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        if (proof is not null)
        {
            request.Headers.TryAddWithoutValidation("DPoP", proof);
        }

        return Api.Client.SendAsync(request);
    }

    private static async Task AssertDpopErrorAsync(HttpResponseMessage response, string error, string id)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Challenge(response);
        Assert.StartsWith("DPoP algs=\"ES256 ES384 PS256\"", challenge);
        Assert.Contains($"error=\"{error}\"", challenge);
        Assert.Contains($"error_description=\"{id}:", challenge);
        await Task.CompletedTask;
    }

    [Fact(DisplayName = "RFC 9449 §7.1: a bound token with the DPoP scheme and a valid proof (ath, htm, htu) is accepted, twice with fresh proofs")]
    public async Task ValidProof_Accepted()
    {
        var token = BoundToken();
        using var first = await SendAsync("DPoP", token, Proof(token));
        Assert.True(first.StatusCode == HttpStatusCode.OK, Challenge(first));
        using var second = await SendAsync("DPoP", token, Proof(token));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains(_writer.Thumbprint, await second.Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "RFC 9449 §7.2: a DPoP-bound token presented as Bearer is refused")]
    public async Task BoundTokenAsBearer_Refused()
    {
        using var response = await SendAsync("Bearer", BoundToken(), null);
        await AssertDpopErrorAsync(response, "invalid_token", "MND2673");
    }

    [Fact(DisplayName = "RFC 9449 §7.1: the DPoP scheme without a proof header is refused")]
    public async Task NoProof_Refused()
    {
        using var response = await SendAsync("DPoP", BoundToken(), null);
        await AssertDpopErrorAsync(response, "invalid_dpop_proof", "MND2671");
    }

    [Fact(DisplayName = "RFC 9449 §7.1: an unbound token with the DPoP scheme is refused")]
    public async Task UnboundTokenWithDpopScheme_Refused()
    {
        var token = ValidToken();
        using var response = await SendAsync("DPoP", token, Proof(token));
        await AssertDpopErrorAsync(response, "invalid_token", "MND2670");
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 8: a proof made for another method is refused")]
    public async Task ProofForOtherMethod_Refused()
    {
        var token = BoundToken();
        using var response = await SendAsync("DPoP", token, Proof(token, method: "POST"));
        await AssertDpopErrorAsync(response, "invalid_dpop_proof", "MND2657");
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 9: a proof made for another URL is refused")]
    public async Task ProofForOtherUrl_Refused()
    {
        var token = BoundToken();
        using var response = await SendAsync("DPoP", token, Proof(token, path: "/api/admin"));
        await AssertDpopErrorAsync(response, "invalid_dpop_proof", "MND2658");
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 12: a proof without ath is refused")]
    public async Task MissingAth_Refused()
    {
        var token = BoundToken();
        using var response = await SendAsync("DPoP", token, Proof(token, ath: false));
        await AssertDpopErrorAsync(response, "invalid_dpop_proof", "MND2660");
    }

    [Fact(DisplayName = "RFC 9449 §7.1: a proof made with another key than cnf.jkt names is refused")]
    public async Task WrongKey_Refused()
    {
        using var other = SigningKey.Generate(SignatureAlgorithm.ES256);
        var token = BoundToken();
        using var response = await SendAsync("DPoP", token, Proof(token, writer: new DpopProofWriter(other)));
        await AssertDpopErrorAsync(response, "invalid_dpop_proof", "MND2672");
    }

    [Fact(DisplayName = "RFC 9449 §11.1: a replayed proof is refused")]
    public async Task ReplayedProof_Refused()
    {
        var token = BoundToken();
        var proof = Proof(token);
        using var first = await SendAsync("DPoP", token, proof);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await SendAsync("DPoP", token, proof);
        await AssertDpopErrorAsync(second, "invalid_dpop_proof", "MND2661");
    }

    [Fact(DisplayName = "RFC 9449 §7.1, §11.1: while a bound token is in the validated-token cache its signature is checked once, but every request's proof is checked: a replayed proof and another key's proof are refused")]
    public async Task CachedToken_ProofCheckedEveryTime()
    {
        using var metrics = new ValidationMetrics(Api);
        var token = BoundToken();
        using (var first = await SendAsync("DPoP", token, Proof(token)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var proof = Proof(token);
        using (var cached = await SendAsync("DPoP", token, proof))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        using (var replayed = await SendAsync("DPoP", token, proof))
        {
            await AssertDpopErrorAsync(replayed, "invalid_dpop_proof", "MND2661");
        }

        using var other = SigningKey.Generate(SignatureAlgorithm.ES256);
        using (var wrongKey = await SendAsync("DPoP", token, Proof(token, writer: new DpopProofWriter(other))))
        {
            await AssertDpopErrorAsync(wrongKey, "invalid_dpop_proof", "MND2672");
        }

        // One full validation (signature), three cache hits; the proof step refused two of the cached ones.
        Assert.Equal(1, metrics.Validations("valid", cached: false));
        Assert.Equal(3, metrics.Validations("valid", cached: true));
        Assert.Equal(2, metrics.Validations("invalid_dpop"));
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 11: a proof older than the window is refused even though the token is still valid")]
    public async Task OldProof_Refused()
    {
        var token = BoundToken();
        var proof = Proof(token);
        Api.Time.Advance(TimeSpan.FromSeconds(70));
        using var response = await SendAsync("DPoP", token, proof);
        await AssertDpopErrorAsync(response, "invalid_dpop_proof", "MND2659");
    }

    [Fact(DisplayName = "RFC 9449 §7.1: an endpoint with RequireDPoP refuses a Bearer token and challenges with DPoP algs")]
    public async Task RequireDpopEndpoint_RefusesBearer()
    {
        using var bearer = await SendAsync("Bearer", ValidToken(), null, "/api/dpop-only");
        await AssertDpopErrorAsync(bearer, "invalid_token", "MND2674");
        using var none = await Api.GetAsync("/api/dpop-only", token: null);
        Assert.Equal("DPoP algs=\"ES256 ES384 PS256\"", Challenge(none));
        var token = BoundToken();
        using var dpop = await SendAsync("DPoP", token, Proof(token, "/api/dpop-only"), "/api/dpop-only");
        Assert.Equal(HttpStatusCode.OK, dpop.StatusCode);
    }

    [Fact(DisplayName = "RFC 9449 §7.1: Bearer keeps working beside DPoP on endpoints that do not require it")]
    public async Task BearerBesideDpop() => await AssertAcceptedAsync(ValidToken());

    [Fact(DisplayName = "RFC 9449 §9: with API nonces, a proof without one gets use_dpop_nonce and a DPoP-Nonce header; the retry passes")]
    public async Task ApiNonce_RoundTrip()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.Dpop.RequireNonce = true);
        var token = BoundToken();
        var url = new Uri(api.BaseAddress + "/api/tools");
        using var first = new HttpRequestMessage(HttpMethod.Get, "/api/tools");
        first.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        first.Headers.Add("DPoP", _writer.Create("GET", url, api.Time.GetUtcNow(), token));
        using var refused = await api.Client.SendAsync(first);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("error=\"use_dpop_nonce\"", Challenge(refused));
        var nonce = Assert.Single(refused.Headers.GetValues("DPoP-Nonce"));

        using var retry = new HttpRequestMessage(HttpMethod.Get, "/api/tools");
        retry.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        retry.Headers.Add("DPoP", _writer.Create("GET", url, api.Time.GetUtcNow(), token, nonce));
        using var accepted = await api.Client.SendAsync(retry);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact(DisplayName = "RFC 9449 §7.1: RequireDPoP globally refuses Bearer tokens")]
    public async Task RequireDpopGlobally()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.Dpop.RequireDPoP = true);
        using var response = await api.GetAsync("/api/tools", ValidToken());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("DPoP algs=", Challenge(response));
    }
}
