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
public sealed class ResourceServerTests(IssuerAndApiFixture fixture, ITestOutputHelper output) : IClassFixture<IssuerAndApiFixture>, IDisposable
{
    private const string Audience = IssuerAndApiFixture.Audience;

    private MandateServer Server => fixture.Server;

    private SampleApi Api => fixture.Api;

    private AgentCredentials Agent => fixture.Agent;

    [Fact(DisplayName = "Issue 3: the sample API accepts a genuine token (200), 403 insufficient_scope on /api/admin, 401 without a token, /health anonymous")]
    public async Task SampleApiChecksTokens()
    {
        string token = await Server.GetAccessTokenAsync(Agent, "tools:read", Audience);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using (HttpResponseMessage tools = await SendAsync(http, HttpMethod.Get, Api.Url + "/api/tools", token))
        {
            Assert.Equal(HttpStatusCode.OK, tools.StatusCode);
            Assert.Contains(Agent.ClientId, await tools.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (HttpResponseMessage admin = await SendAsync(http, HttpMethod.Get, Api.Url + "/api/admin", token))
        {
            // RFC 6750 §3.1: a valid token without the scope is 403 with error="insufficient_scope".
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
            AuthenticationHeaderValue challenge = Assert.Single(admin.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        }

        using (HttpResponseMessage run = await SendAsync(http, HttpMethod.Post, Api.Url + "/api/tools/run", token))
        {
            // The token carries tools:read only.
            Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        }

        string writeToken = await Server.GetAccessTokenAsync(Agent, "tools:write", Audience);
        using (HttpResponseMessage run = await SendAsync(http, HttpMethod.Post, Api.Url + "/api/tools/run", writeToken))
        {
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        }

        using (HttpResponseMessage anonymous = await SendAsync(http, HttpMethod.Get, Api.Url + "/api/tools", token: null))
        {
            // RFC 6750 §3: no credentials is 401 with a Bearer challenge.
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        }

        using (HttpResponseMessage health = await SendAsync(http, HttpMethod.Get, Api.Url + "/health", token: null))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Fact(DisplayName = "Issue 3: mandate probe against the sample API exits 0 with every bad-token case rejected")]
    public async Task ProbeFindsEveryCaseRejected()
    {
        // As the README types it: the agent's credentials from the environment, not the command line.
        CommandResult probe = await Server.RunAsync(
            ["probe", "--api", Api.Url, "--issuer", Server.Url, "--scope", "tools:read", "--resource", Audience, "--path", "/api/tools"],
            new Dictionary<string, string?> { ["MANDATE_CLIENT_ID"] = Agent.ClientId, ["MANDATE_CLIENT_SECRET"] = Agent.ClientSecret });
        output.WriteLine(probe.ToString());

        probe.AssertExitCode(ExitCode.Ok);
        // One line per case, "rejected  NAME (HTTP 401)" or "ACCEPTED  NAME (...)", then "N cases: R rejected, A accepted".
        Assert.DoesNotContain(probe.Output, line => line.StartsWith("ACCEPTED", StringComparison.Ordinal));
        string[] cases = probe.Output.Where(line => line.StartsWith("rejected", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(cases);
        Assert.Contains($"{cases.Length} cases: {cases.Length} rejected, 0 accepted", probe.Output);
        Assert.DoesNotContain(probe.Output, line => line.Contains("attacker's JWKS", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Sample agent with --resource set to the registered audience (RFC 8707): 20 calls, no failures, one token request")]
    public async Task SampleAgentResourceIndicatorMatchesRegisteredAudience()
    {
        // The operator passes the audience exactly as registered; the token request must carry it unchanged.
        // Credentials from MANDATE_CLIENT_ID / MANDATE_CLIENT_SECRET, as in the README.
        SampleAgentSummary run = await SampleAgent.RunAsync(
            ["--issuer", Server.Url, "--api", Api.Url, "--scope", "tools:read", "--resource", Audience, "--duration", "1s", "--rate", "20"],
            TimeSpan.FromSeconds(1),
            Server.WorkingDirectory,
            output.WriteLine,
            new Dictionary<string, string?> { ["MANDATE_CLIENT_ID"] = Agent.ClientId, ["MANDATE_CLIENT_SECRET"] = Agent.ClientSecret });

        Assert.Equal(0, run.Failures);
        Assert.Equal(20, run.Calls);
        // Concurrent callers share one token request (README: "shares one request among concurrent callers").
        Assert.Equal(1, run.TokenRequests);
        Assert.Equal(0, run.ExitCode);
    }

    public void Dispose() => output.WriteLine(fixture.Transcripts());

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
