// Rate limits at /token over real HTTP (Kestrel on 127.0.0.1, SQLite): per-agent token request limits from the
// agent's policy, and failed client authentication limited per client id and per source address. RFC 6585 §4:
// 429 Too Many Requests with Retry-After (RFC 9110 §10.2.3).
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Server.IntegrationTests.Anomaly;
using Mandate.Server.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.RateLimiting;

public sealed class RateLimitTests
{
    [Fact(DisplayName = "RFC 6585 §4: past its tokens_per_minute an agent gets 429 with Retry-After, audited")]
    public async Task TokensPerMinute_Exceeded_Is429WithRetryAfter_AndAudited()
    {
        await using var host = await AnomalyServer.StartAsync();
        var agent = await host.CreateAgentAsync();
        var (put, policy) = await host.AdminAsync(HttpMethod.Put, "admin/agents/" + agent.ClientId + "/monitoring", new { tokens_per_minute = 2 });
        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal(2, policy.GetProperty("tokens_per_minute").GetInt32());

        // Two requests fit in one UTC minute; should the minute turn between them, the next window allows two again.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var response = await SendAsync(host, agent.ClientId, agent.ClientSecret!);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 2);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        using var body = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("MND2720:", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        await host.WaitForAuditAsync("type=token.denied&agent=" + agent.ClientId, r => r.GetProperty("reason").GetString() == "rate_limited_per_minute");
    }

    [Fact]
    public async Task FailedAuthentications_PerClientId_PastTheLimit_Are429_NotAudited_ACorrectSecretStillWorks()
    {
        await using var host = await AnomalyServer.StartAsync(services: s => s.Configure<RateLimitOptions>(o =>
        {
            o.FailedAuthenticationsPerClientId = 3;
            o.FailedAuthenticationWindow = TimeSpan.FromHours(1);
        }));
        var agent = await host.CreateAgentAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await SendAsync(host, agent.ClientId, "wrong-secret-" + i);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], statuses);
        using (var ok = await SendAsync(host, agent.ClientId, agent.ClientSecret!))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Only the three failures before the limit are audited; the seven limited ones are not.
        await host.WaitForAuditAsync("type=token.issued&agent=" + agent.ClientId, _ => true);
        Assert.Equal(3, (await host.AuditAsync("type=token.denied&agent=" + agent.ClientId)).Count);
    }

    [Fact]
    public async Task FailedAuthentications_PerAddress_PastTheLimit_EveryRequestFromItIs429()
    {
        await using var host = await AnomalyServer.StartAsync(services: s => s.Configure<RateLimitOptions>(o =>
        {
            o.FailedAuthenticationsPerAddress = 4;
            o.FailedAuthenticationWindow = TimeSpan.FromHours(1);
        }));
        var agent = await host.CreateAgentAsync();

        for (var i = 0; i < 4; i++)
        {
            using var failed = await SendAsync(host, "agt_unknown" + i, "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var blocked = await SendAsync(host, agent.ClientId, agent.ClientSecret!);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.InRange(blocked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 3600);
        using var body = JsonDocument.Parse(await blocked.Content.ReadAsStringAsync());
        Assert.StartsWith("MND2722:", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.True(host.Logs.Contains(6621));
    }

    private static Task<HttpResponseMessage> SendAsync(AnomalyServer host, string clientId, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "tools:read"), new("resource", "https://api.example.com")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        return host.Server.HttpClient.SendAsync(request);
    }
}
