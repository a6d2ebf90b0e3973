using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// Issue 5, item 8: samples/Mandate.Samples.Delegation against real processes (mandate serve, the sample API): an
/// orchestrator delegates to a sub-agent, which exchanges the token (RFC 8693) and calls the API on the subject's behalf.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DelegationSampleTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    [Fact(DisplayName = "Issue 5: delegation sample: the API sees sub = orchestrator, act = sub-agent (RFC 8693 §4.1), scope narrowed to tools:write; widening is invalid_scope")]
    public async Task OrchestratorDelegatesToSubAgentThatCallsTheApi()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials subAgent = await server.CreateAgentAsync(
            "sub-agent", "tools:read tools:write", Audience,
            "--grant-type", "client_credentials", "--grant-type", TokenExchange, "--token-lifetime", "10m");
        // The orchestrator may address tokens to the sub-agent (chain binding, docs/delegation.md) and nothing else.
        AgentCredentials orchestrator = await server.CreateAgentAsync(
            "orchestrator", "tools:read tools:write", "urn:mandate:agent:" + subAgent.ClientId,
            "--grant-type", "client_credentials", "--grant-type", TokenExchange, "--token-lifetime", "15m");
        await using SampleApi api = await SampleApi.StartAsync(server.Url, Audience, server.WorkingDirectory, output.WriteLine);

        (int exitCode, JsonElement summary, IReadOnlyList<string> lines) = await SampleDelegation.RunAsync(
            [
                "--issuer", server.Url, "--api", api.Url, "--api-resource", Audience,
                "--orchestrator-id", orchestrator.ClientId, "--orchestrator-secret", orchestrator.ClientSecret,
                "--sub-agent-id", subAgent.ClientId, "--sub-agent-secret", subAgent.ClientSecret,
            ],
            server.WorkingDirectory,
            output.WriteLine);

        Assert.Equal(0, exitCode);

        // What the API saw: the principal, the acting agent and the path, as Mandate.ResourceServer exposes them.
        JsonElement seen = summary.GetProperty("api");
        Assert.Equal(orchestrator.ClientId, seen.GetProperty("agent").GetString());
        Assert.Equal(subAgent.ClientId, seen.GetProperty("client_id").GetString());
        Assert.Equal([subAgent.ClientId], seen.GetProperty("acting_for").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal($"{orchestrator.ClientId} → {subAgent.ClientId}", seen.GetProperty("chain").GetString());
        Assert.Equal(["tools:write"], seen.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());

        // Hop by hop: addressed to the sub-agent, then to the API; scope narrows; exp never moves later; lineage kept.
        JsonElement hop1 = summary.GetProperty("hops")[0];
        JsonElement hop2 = summary.GetProperty("hops")[1];
        Assert.Equal("urn:mandate:agent:" + subAgent.ClientId, hop1.GetProperty("aud").GetString());
        Assert.Equal("tools:read tools:write", hop1.GetProperty("scope").GetString());
        Assert.False(hop1.TryGetProperty("act", out _));
        Assert.Equal(Audience, hop2.GetProperty("aud").GetString());
        Assert.Equal("tools:write", hop2.GetProperty("scope").GetString());
        Assert.Equal(orchestrator.ClientId, hop2.GetProperty("sub").GetString());
        Assert.Equal(subAgent.ClientId, hop2.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(hop1.GetProperty("jti").GetString(), hop2.GetProperty("parent_jti").GetString());
        Assert.True(hop2.GetProperty("exp").GetInt64() <= hop1.GetProperty("exp").GetInt64());

        // RFC 6749 §5.2: asking for a scope that was never delegated is refused, not silently granted.
        Assert.Equal("invalid_scope", summary.GetProperty("widening").GetString());

        // Orchestrator: 1 (client credentials). Sub-agent: its own token + 1 exchange, shared by the explicit
        // ExchangeAsync and the HttpClient's exchange handler (cache) + the refused widening = 3.
        Assert.Equal(4, summary.GetProperty("token_requests").GetInt64());

        // The sample prints claims, never a token or a secret.
        foreach (string line in lines)
        {
            Assert.DoesNotContain(orchestrator.ClientSecret, line, StringComparison.Ordinal);
            Assert.DoesNotContain(subAgent.ClientSecret, line, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+", line);
        }
    }
}
