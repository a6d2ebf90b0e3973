// The per-agent limit on live refresh-token families (max_token_families) holds across servers sharing one store:
// two Mandate servers in this process on their own loopback ports, one SQLite file, one key-encryption key, one
// issuer. The store counts and creates a family in one write transaction, so two nodes racing for the last slot
// cannot both win.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.MultiNode;

public sealed class TokenFamilyLimitAcrossNodesTests
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    [Fact(DisplayName = "RFC 6585 §4: max_token_families 2 counts the families created on both nodes; the third is 429 on either node")]
    public async Task FamiliesFromBothNodes_CountTowardsOneLimit()
    {
        await using var a = await StartNodeAsync();
        await using var b = await a.StartFollowerAsync();
        var (orchestrator, sub) = await CreateAgentsAsync(a, limit: 2);

        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(a, orchestrator, sub)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(b, orchestrator, sub)).Status);

        foreach (var node in new[] { a, b })
        {
            var (status, body, retryAfter) = await ExchangeAsync(node, orchestrator, sub);
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.NotNull(retryAfter);
            Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {retryAfter}");
            Assert.Equal("temporarily_unavailable", body.GetProperty("error").GetString());
            Assert.StartsWith("MND3120:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        }

        var policy = await GetMonitoringAsync(a, sub); // the admin client was bootstrapped by node A
        Assert.Equal(2, policy.GetProperty("live_token_families").GetInt32());
    }

    [Fact(DisplayName = "RFC 6585 §4: ten concurrent new families split over two nodes with max_token_families 3 - exactly three are created")]
    public async Task ConcurrentFamiliesOnTwoNodes_ExactlyTheLimitSucceeds()
    {
        await using var a = await StartNodeAsync();
        await using var b = await a.StartFollowerAsync();
        var (orchestrator, sub) = await CreateAgentsAsync(a, limit: 3);

        // Subject tokens first, so that the race is only the exchanges.
        var subjects = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => SubjectAsync(i % 2 == 0 ? a : b, orchestrator, sub)));
        using var gate = new ManualResetEventSlim();
        var exchanges = subjects.Select((subject, i) => Task.Run(async () =>
        {
            gate.Wait();
            return (await ExchangeWithAsync(i % 2 == 0 ? a : b, sub, subject)).Status;
        })).ToArray();
        gate.Set();
        var statuses = await Task.WhenAll(exchanges);

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, (await GetMonitoringAsync(a, sub)).GetProperty("live_token_families").GetInt32());
    }

    private static async Task<(TestAgent Orchestrator, TestAgent Sub)> CreateAgentsAsync(MandateTestServer node, int limit)
    {
        string[] grants = ["client_credentials", TokenExchange, "refresh_token"];
        var sub = await node.CreateAgentAsync(new { name = "family-sub", scopes = new[] { "invoices:read" }, audiences = new[] { Api }, grant_types = grants });
        var orchestrator = await node.CreateAgentAsync(new { name = "family-orchestrator", scopes = new[] { "invoices:read" }, audiences = new[] { "urn:mandate:agent:" + sub.ClientId } });
        using var request = new HttpRequestMessage(HttpMethod.Put, $"admin/agents/{sub.ClientId}/monitoring") { Content = JsonContent.Create(new { max_token_families = limit }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await node.GetAdminTokenAsync());
        using var response = await node.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (orchestrator, sub);
    }

    private static Task<string> SubjectAsync(MandateTestServer node, TestAgent orchestrator, TestAgent sub) =>
        node.GetTokenAsync(orchestrator.ClientId, orchestrator.ClientSecret!, "urn:mandate:agent:" + sub.ClientId, "invoices:read");

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan? RetryAfter)> ExchangeAsync(MandateTestServer node, TestAgent orchestrator, TestAgent sub) =>
        await ExchangeWithAsync(node, sub, await SubjectAsync(node, orchestrator, sub));

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan? RetryAfter)> ExchangeWithAsync(MandateTestServer node, TestAgent sub, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = TokenExchange,
                ["subject_token"] = subject,
                ["subject_token_type"] = AccessTokenType,
                ["resource"] = Api,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(sub.ClientId + ":" + sub.ClientSecret)));
        using var response = await node.HttpClient.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.StartsWith("mrt_", body.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);
        }

        return (response.StatusCode, body, response.Headers.RetryAfter?.Delta);
    }

    private static async Task<JsonElement> GetMonitoringAsync(MandateTestServer node, TestAgent agent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"admin/agents/{agent.ClientId}/monitoring");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await node.GetAdminTokenAsync());
        using var response = await node.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Task<MandateTestServer> StartNodeAsync() =>
        MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
}
