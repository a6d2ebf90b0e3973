// RFC 9449 §11.1 (proof replay) and §8 (server nonces) across two Mandate servers on one SQLite store: each node on
// its own Kestrel loopback port, sharing the data folder, the key-encryption key and the issuer, as behind a load
// balancer. The proof jti is recorded in the store's replay cache, so a proof accepted by one node is refused by
// the other; nonces are derived from a secret in the store, so a nonce one node issued is accepted by the other.
using System.Net;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Server.Dpop;
using Mandate.Server.IntegrationTests.Dpop;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.MultiNode;

public sealed class DpopAcrossNodesTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly DpopProofWriter _writer;

    public DpopAcrossNodesTests() => _writer = new DpopProofWriter(_key);

    public void Dispose() => _key.Dispose();

    [Fact(DisplayName = "RFC 9449 §11.1: a DPoP proof accepted by node A is refused as a replay by node B on the same store")]
    public async Task ProofReplayedOnSecondNode_Refused()
    {
        await using var a = await StartNodeAsync();
        await using var b = await StartFollowerAsync(a);
        var agent = await AgentAsync(a);

        // Both nodes publish the same token_endpoint (one issuer), so one proof is valid for either of them.
        var proof = DpopTokenClient.Proof(a, _writer);
        var (first, firstBody) = await DpopTokenClient.RequestAsync(a, agent, proof);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("DPoP", firstBody.GetProperty("token_type").GetString());

        var (replayed, replayedBody) = await DpopTokenClient.RequestAsync(b, agent, proof);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("invalid_dpop_proof", replayedBody.GetProperty("error").GetString());
        Assert.StartsWith("MND2661", replayedBody.GetProperty("error_description").GetString());

        // A fresh proof from the same key is still welcome on node B: only the jti is spent.
        var (fresh, _) = await DpopTokenClient.RequestAsync(b, agent, DpopTokenClient.Proof(a, _writer));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact(DisplayName = "RFC 9449 §11.1: a proof first accepted by node B is refused when replayed against node A")]
    public async Task ProofReplayedBackOnFirstNode_Refused()
    {
        await using var a = await StartNodeAsync();
        await using var b = await StartFollowerAsync(a);
        var agent = await AgentAsync(a);

        var proof = DpopTokenClient.Proof(a, _writer);
        Assert.Equal(HttpStatusCode.OK, (await DpopTokenClient.RequestAsync(b, agent, proof)).Response.StatusCode);
        var (replayed, body) = await DpopTokenClient.RequestAsync(a, agent, proof);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §8: a DPoP-Nonce issued by node A is accepted by node B, with no state shared but the store")]
    public async Task NonceFromFirstNode_AcceptedBySecond()
    {
        await using var a = await StartNodeAsync(requireNonce: true);
        await using var b = await StartFollowerAsync(a, requireNonce: true);
        var agent = await AgentAsync(a);

        var (challenge, challengeBody) = await DpopTokenClient.RequestAsync(a, agent, DpopTokenClient.Proof(a, _writer));
        Assert.Equal(HttpStatusCode.BadRequest, challenge.StatusCode);
        Assert.Equal("use_dpop_nonce", challengeBody.GetProperty("error").GetString());
        var nonce = Assert.Single(challenge.Headers.GetValues("DPoP-Nonce"));

        var (issued, body) = await DpopTokenClient.RequestAsync(b, agent, DpopTokenClient.Proof(a, _writer, nonce));
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(_writer.Thumbprint, DpopTokenClient.Payload(body.GetProperty("access_token").GetString()!).GetProperty("cnf").GetProperty("jkt").GetString());
    }

    private static Task<TestAgent> AgentAsync(MandateTestServer server) =>
        server.CreateAgentAsync(new { name = "dpop-bot", scopes = new[] { "tools:read" }, default_scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.test" }, dpop = "required" });

    private static Task<MandateTestServer> StartNodeAsync(bool requireNonce = false) =>
        MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = services => services.Configure<DpopOptions>(o => o.RequireNonce = requireNonce),
        });

    private static Task<MandateTestServer> StartFollowerAsync(MandateTestServer a, bool requireNonce = false) =>
        a.StartFollowerAsync(configureServices: services => services.Configure<DpopOptions>(o => o.RequireNonce = requireNonce));
}
