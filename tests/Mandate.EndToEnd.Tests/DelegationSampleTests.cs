using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// Issue 5, item 8: samples/Mandate.Samples.Delegation against real processes (mandate serve, the sample API): alice
/// signs in at the sample's corporate IdP (a trusted issuer), the orchestrator exchanges her token for one addressed
/// to the sub-agent, and the sub-agent exchanges that (RFC 8693) and calls the API on her behalf.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DelegationSampleTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string IdpIssuer = "https://idp.corp.example";
    private const string Alice = "urn:mandate:ext:corp-idp:alice";

    [Fact(DisplayName = "Issue 5: delegation sample: the API sees sub = alice (via corp-idp), act = sub-agent{act = orchestrator} (RFC 8693 §4.1), scope narrowed to tools:write; widening is invalid_scope")]
    public async Task PersonToOrchestratorToSubAgentToApi()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials subAgent = await server.CreateAgentAsync(
            "sub-agent", "tools:read tools:write", Audience,
            "--grant-type", "client_credentials", "--grant-type", TokenExchange, "--token-lifetime", "10m");
        // The orchestrator may address tokens to the sub-agent (chain binding, docs/delegation.md) and nothing else.
        AgentCredentials orchestrator = await server.CreateAgentAsync(
            "orchestrator", "tools:read tools:write", "urn:mandate:agent:" + subAgent.ClientId,
            "--grant-type", "client_credentials", "--grant-type", TokenExchange, "--token-lifetime", "15m");

        // The corporate IdP's key pair, and its public keys registered as a trusted issuer for alice only.
        string idpDirectory = Path.Combine(server.WorkingDirectory, "corp-idp");
        await using (ProcessHost init = ProcessHost.Start("idp-init", RepoLayout.SampleDelegation, ["idp-init", "--dir", idpDirectory], server.WorkingDirectory, log: output.WriteLine))
        {
            Assert.Equal(0, await init.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        (await server.AdminAsync(
            "trust", "add", "corp-idp", "--issuer", IdpIssuer, "--jwks", Path.Combine(idpDirectory, "corp-idp.jwks.json"),
            "--audience", server.Url, "--allowed-subject", "alice", "--scope", "tools:read tools:write", "--max-lifetime", "5m")).AssertExitCode(0);
        await using SampleApi api = await SampleApi.StartAsync(server.Url, Audience, server.WorkingDirectory, output.WriteLine);
        string[] agents =
        [
            "--issuer", server.Url, "--api", api.Url, "--api-resource", Audience,
            "--orchestrator-id", orchestrator.ClientId, "--orchestrator-secret", orchestrator.ClientSecret,
            "--sub-agent-id", subAgent.ClientId, "--sub-agent-secret", subAgent.ClientSecret,
        ];

        (int exitCode, JsonElement summary, IReadOnlyList<string> lines) = await SampleDelegation.RunAsync(
            [.. agents, "--person", "alice", "--idp-dir", idpDirectory, "--idp-issuer", IdpIssuer], server.WorkingDirectory, output.WriteLine);

        Assert.Equal(0, exitCode);

        // What the API saw: the person as principal, the acting agents and the path, as Mandate.ResourceServer exposes them.
        JsonElement seen = summary.GetProperty("api");
        Assert.Equal(Alice, seen.GetProperty("agent").GetString());
        Assert.Equal(subAgent.ClientId, seen.GetProperty("client_id").GetString());
        Assert.Equal([subAgent.ClientId, orchestrator.ClientId], Strings(seen.GetProperty("acting_for")));
        Assert.Equal($"{Alice} → {orchestrator.ClientId} → {subAgent.ClientId}", seen.GetProperty("chain").GetString());
        Assert.Equal(["tools:write"], Strings(seen.GetProperty("scopes")));

        // Hop by hop: alice's IdP token, then addressed to the sub-agent, then to the API; scope narrows; exp never
        // moves later; the exchanged token records its parent.
        JsonElement[] hops = [.. summary.GetProperty("hops").EnumerateArray()];
        Assert.Equal(3, hops.Length);
        Assert.Equal(IdpIssuer, hops[0].GetProperty("iss").GetString());
        Assert.Equal("alice", hops[0].GetProperty("sub").GetString());
        Assert.Equal(Alice, hops[1].GetProperty("sub").GetString());
        Assert.Equal("urn:mandate:agent:" + subAgent.ClientId, hops[1].GetProperty("aud").GetString());
        Assert.Equal("tools:read tools:write", hops[1].GetProperty("scope").GetString());
        Assert.Equal(orchestrator.ClientId, hops[1].GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(Alice, hops[2].GetProperty("sub").GetString());
        Assert.Equal(Audience, hops[2].GetProperty("aud").GetString());
        Assert.Equal("tools:write", hops[2].GetProperty("scope").GetString());
        Assert.Equal(subAgent.ClientId, hops[2].GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(orchestrator.ClientId, hops[2].GetProperty("act").GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(hops[1].GetProperty("jti").GetString(), hops[2].GetProperty("parent_jti").GetString());
        Assert.True(hops[1].GetProperty("exp").GetInt64() <= hops[0].GetProperty("exp").GetInt64());
        Assert.True(hops[2].GetProperty("exp").GetInt64() <= hops[1].GetProperty("exp").GetInt64());

        // RFC 6749 §5.2: asking for a scope that was never delegated is refused, not silently granted.
        Assert.Equal("invalid_scope", summary.GetProperty("widening").GetString());

        // Orchestrator: 1 exchange. Sub-agent: its own token (the actor_token) + 1 exchange, shared by the explicit
        // ExchangeAsync and the HttpClient's exchange handler (cache), + the refused widening = 3.
        Assert.Equal(4, summary.GetProperty("token_requests").GetInt64());

        // The sample prints claims, never a token or a secret.
        foreach (string line in lines)
        {
            Assert.DoesNotContain(orchestrator.ClientSecret, line, StringComparison.Ordinal);
            Assert.DoesNotContain(subAgent.ClientSecret, line, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+", line);
        }

        // Without a person, the orchestrator's own task is the subject: agent → sub-agent → API.
        (int agentOnlyExit, JsonElement agentOnly, _) = await SampleDelegation.RunAsync(agents, server.WorkingDirectory, output.WriteLine);
        Assert.Equal(0, agentOnlyExit);
        Assert.Equal($"{orchestrator.ClientId} → {subAgent.ClientId}", agentOnly.GetProperty("api").GetProperty("chain").GetString());
        Assert.Equal(["tools:write"], Strings(agentOnly.GetProperty("api").GetProperty("scopes")));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
