// RFC 9449 §5 and §8 at POST /token over real HTTP (Kestrel on loopback, SQLite), asserted on the wire.
using System.Net;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Server.Dpop;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.Dpop;

public sealed class TokenEndpointDpopTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly DpopProofWriter _writer;

    public TokenEndpointDpopTests() => _writer = new DpopProofWriter(_key);

    public void Dispose() => _key.Dispose();

    private static Task<MandateTestServer> StartAsync(Action<DpopOptions>? dpop = null) => MandateTestServer.StartAsync(new MandateTestServerOptions
    {
        UseSqlite = true,
        ConfigureServices = dpop is null ? null : services => services.Configure(dpop),
    });

    private static Task<TestAgent> AgentAsync(MandateTestServer server, string? dpop = null) => dpop is null
        ? server.CreateAgentAsync(new { name = "dpop-bot", scopes = new[] { "tools:read" }, default_scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.test" } })
        : server.CreateAgentAsync(new { name = "dpop-bot", scopes = new[] { "tools:read" }, default_scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.test" }, dpop });

    [Fact(DisplayName = "RFC 9449 §5: a token request with a valid proof gets token_type DPoP and cnf.jkt = the proof key's RFC 7638 thumbprint")]
    public async Task ValidProof_BindsToken()
    {
        await using var server = await StartAsync();
        var agent = await AgentAsync(server);
        var (response, body) = await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DPoP", body.GetProperty("token_type").GetString());
        var claims = DpopTokenClient.Payload(body.GetProperty("access_token").GetString()!);
        Assert.Equal(_key.PublicJwk.ComputeThumbprint(), claims.GetProperty("cnf").GetProperty("jkt").GetString());

        // RFC 9449 §6.2: introspection reports the binding.
        var introspection = await RevocationClient.IntrospectAsync(server, agent, body.GetProperty("access_token").GetString()!);
        Assert.True(introspection.GetProperty("active").GetBoolean());
        Assert.Equal("DPoP", introspection.GetProperty("token_type").GetString());
        Assert.Equal(_writer.Thumbprint, introspection.GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §5: without a proof, an agent allowed to use DPoP gets a Bearer token without cnf")]
    public async Task NoProof_Bearer()
    {
        await using var server = await StartAsync();
        var agent = await AgentAsync(server);
        var (response, body) = await DpopTokenClient.RequestAsync(server, agent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.False(DpopTokenClient.Payload(body.GetProperty("access_token").GetString()!).TryGetProperty("cnf", out _));
    }

    [Fact(DisplayName = "RFC 9449 §11.1: a proof replayed at the token endpoint is refused with invalid_dpop_proof")]
    public async Task ReplayedProof_Refused()
    {
        await using var server = await StartAsync();
        var agent = await AgentAsync(server);
        var proof = DpopTokenClient.Proof(server, _writer);
        Assert.Equal(HttpStatusCode.OK, (await DpopTokenClient.RequestAsync(server, agent, proof)).Response.StatusCode);
        var (response, body) = await DpopTokenClient.RequestAsync(server, agent, proof);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2661:", body.GetProperty("error_description").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 1: two DPoP headers are refused with invalid_dpop_proof")]
    public async Task TwoHeaders_Refused()
    {
        await using var server = await StartAsync();
        var agent = await AgentAsync(server);
        var (response, body) = await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer), DpopTokenClient.Proof(server, _writer));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2650:", body.GetProperty("error_description").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §4.3 item 9: a proof for another URI is refused with invalid_dpop_proof, and no token is issued")]
    public async Task ProofForOtherUri_Refused()
    {
        await using var server = await StartAsync();
        var agent = await AgentAsync(server);
        var (response, body) = await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer, uri: new Uri(server.Issuer + "/introspect")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact(DisplayName = "RFC 9449 §5: an agent registered with dpop=required gets invalid_dpop_proof without a proof, a DPoP token with one")]
    public async Task AgentRequiresDpop()
    {
        await using var server = await StartAsync();
        var agent = await AgentAsync(server, "required");
        Assert.Equal("required", agent.Json.GetProperty("dpop").GetString());
        var (response, body) = await DpopTokenClient.RequestAsync(server, agent);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2663:", body.GetProperty("error_description").GetString());
        Assert.Equal("DPoP", (await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer))).Body.GetProperty("token_type").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §5: with the server default Required, a token request without a proof is refused")]
    public async Task ServerDefaultRequired()
    {
        await using var server = await StartAsync(o => o.DefaultRequirement = DpopRequirement.Required);
        var agent = await AgentAsync(server);
        var (response, body) = await DpopTokenClient.RequestAsync(server, agent);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §8: without the server nonce the answer is use_dpop_nonce with a DPoP-Nonce header; the retry with it succeeds")]
    public async Task ServerNonce_RoundTrip()
    {
        await using var server = await StartAsync(o => o.RequireNonce = true);
        var agent = await AgentAsync(server);
        var (first, error) = await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer));
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal("use_dpop_nonce", error.GetProperty("error").GetString());
        var nonce = Assert.Single(first.Headers.GetValues("DPoP-Nonce"));

        var (bad, badBody) = await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer, nonce: nonce + "x"));
        Assert.Equal("use_dpop_nonce", badBody.GetProperty("error").GetString());

        var (second, body) = await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer, nonce: nonce));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("DPoP", body.GetProperty("token_type").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §5.1: discovery lists dpop_signing_alg_values_supported")]
    public async Task Metadata_ListsAlgorithms()
    {
        await using var server = await StartAsync();
        var json = System.Text.Json.JsonDocument.Parse(await server.HttpClient.GetStringAsync(".well-known/oauth-authorization-server")).RootElement;
        Assert.Equal(["ES256", "ES384", "PS256"], json.GetProperty("dpop_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact(DisplayName = "RFC 9449 §11.1: a proof used on node A is refused on node B of the same store, and B accepts A's nonce")]
    public async Task MultiNode_ReplayAndNonce()
    {
        await using var a = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true, ConfigureServices = s => s.Configure<DpopOptions>(o => o.RequireNonce = true) });
        await using var b = await a.StartFollowerAsync(configureServices: s => s.Configure<DpopOptions>(o => o.RequireNonce = true));
        var agent = await AgentAsync(a);
        var (first, _) = await DpopTokenClient.RequestAsync(a, agent, DpopTokenClient.Proof(a, _writer));
        var nonce = Assert.Single(first.Headers.GetValues("DPoP-Nonce"));

        var proof = DpopTokenClient.Proof(a, _writer, nonce: nonce);
        Assert.Equal(HttpStatusCode.OK, (await DpopTokenClient.RequestAsync(a, agent, proof)).Response.StatusCode);
        var (replayed, body) = await DpopTokenClient.RequestAsync(b, agent, proof);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.StartsWith("MND2661:", body.GetProperty("error_description").GetString());

        // A's nonce is valid on B: the nonce key is shared through the store, not held per node.
        Assert.Equal(HttpStatusCode.OK, (await DpopTokenClient.RequestAsync(b, agent, DpopTokenClient.Proof(a, _writer, nonce: nonce))).Response.StatusCode);
    }
}
