using System.Net;
using System.Net.Http.Headers;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// Issue 3, done when: the sample API protected by Mandate.ResourceServer accepts a genuine Mandate token,
/// answers with RFC 6750 challenges otherwise, and <c>mandate probe</c> finds every bad token rejected.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ResourceServerTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "Issue 3: the sample API accepts a genuine token (200), 403 insufficient_scope on /api/admin, 401 without a token, /health anonymous")]
    public async Task SampleApiChecksTokens()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials agent = await server.CreateAgentAsync("report-bot", "tools:read tools:write", Audience);
        await using SampleApi api = await SampleApi.StartAsync(server.Url, Audience, server.WorkingDirectory, output.WriteLine);
        string token = await server.GetAccessTokenAsync(agent, "tools:read", Audience);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using (HttpResponseMessage tools = await SendAsync(http, HttpMethod.Get, api.Url + "/api/tools", token))
        {
            Assert.Equal(HttpStatusCode.OK, tools.StatusCode);
            Assert.Contains(agent.ClientId, await tools.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (HttpResponseMessage admin = await SendAsync(http, HttpMethod.Get, api.Url + "/api/admin", token))
        {
            // RFC 6750 §3.1: a valid token without the scope is 403 with error="insufficient_scope".
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
            AuthenticationHeaderValue challenge = Assert.Single(admin.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        }

        using (HttpResponseMessage run = await SendAsync(http, HttpMethod.Post, api.Url + "/api/tools/run", token))
        {
            // The token carries tools:read only.
            Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        }

        string writeToken = await server.GetAccessTokenAsync(agent, "tools:write", Audience);
        using (HttpResponseMessage run = await SendAsync(http, HttpMethod.Post, api.Url + "/api/tools/run", writeToken))
        {
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        }

        using (HttpResponseMessage anonymous = await SendAsync(http, HttpMethod.Get, api.Url + "/api/tools", token: null))
        {
            // RFC 6750 §3: no credentials is 401 with a Bearer challenge.
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        }

        using (HttpResponseMessage health = await SendAsync(http, HttpMethod.Get, api.Url + "/health", token: null))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Fact(DisplayName = "Issue 3: mandate probe against the sample API exits 0 with every bad-token case rejected")]
    public async Task ProbeFindsEveryCaseRejected()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials agent = await server.CreateAgentAsync("report-bot", "tools:read tools:write", Audience);
        await using SampleApi api = await SampleApi.StartAsync(server.Url, Audience, server.WorkingDirectory, output.WriteLine);

        CommandResult probe = await server.RunAsync([
            "probe", "--api", api.Url, "--issuer", server.Url, "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret,
            "--scope", "tools:read", "--resource", Audience, "--path", "/api/tools",
        ]);
        output.WriteLine(probe.ToString());

        probe.AssertExitCode(ExitCode.Ok);
        // One line per case, "rejected  NAME (HTTP 401)" or "ACCEPTED  NAME (...)", then "N cases: R rejected, A accepted".
        Assert.DoesNotContain(probe.Output, line => line.StartsWith("ACCEPTED", StringComparison.Ordinal));
        string[] cases = probe.Output.Where(line => line.StartsWith("rejected", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(cases);
        Assert.Contains($"{cases.Length} cases: {cases.Length} rejected, 0 accepted", probe.Output);
        Assert.DoesNotContain(probe.Output, line => line.Contains("attacker's JWKS", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string url, string? token)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
