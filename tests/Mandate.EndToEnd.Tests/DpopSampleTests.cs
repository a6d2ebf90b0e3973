using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// RFC 9449 end to end with real processes: <c>mandate serve</c>, the sample API with <c>--require-dpop true</c>, and the
/// sample agent (Mandate.Agent's SDK) with and without <c>--dpop</c>; then the sample API in its default mode, where
/// Bearer and DPoP agents both work.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DpopSampleTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "RFC 9449 §7: the sample agent with --dpop calls a DPoP-only sample API; without it every call is refused")]
    public async Task SampleAgent_BothModes_AgainstDpopOnlyApi()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials agent = await server.CreateAgentAsync("dpop-sample-bot", "tools:read", Audience);
        await using SampleApi api = await SampleApi.StartAsync(server.Url, Audience, server.WorkingDirectory, extraArguments: ["--require-dpop", "true"]);

        SampleAgentSummary bound = await RunAgentAsync(server, agent, api, "--dpop");
        Assert.Equal(10, bound.Calls);
        Assert.Equal(0, bound.Failures);
        Assert.Equal(0, bound.ExitCode);
        Assert.Equal(1, bound.TokenRequests); // the bound token is cached like a bearer one

        SampleAgentSummary bearer = await RunAgentAsync(server, agent, api);
        Assert.Equal(bearer.Calls, bearer.Failures);
        Assert.Equal(1, bearer.ExitCode);
    }

    [Fact(DisplayName = "RFC 9449 §7: in its default mode the sample API serves Bearer and DPoP agents side by side, and /api/tools/dpop only DPoP")]
    public async Task SampleAgent_BothModes_AgainstMixedApi()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials agent = await server.CreateAgentAsync("mixed-sample-bot", "tools:read", Audience);
        await using SampleApi api = await SampleApi.StartAsync(server.Url, Audience, server.WorkingDirectory);

        Assert.Equal(0, (await RunAgentAsync(server, agent, api, "--dpop")).Failures);
        Assert.Equal(0, (await RunAgentAsync(server, agent, api)).Failures);

        string bearerToken = await server.GetAccessTokenAsync(agent, "tools:read", Audience);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, api.Url + "/api/tools/dpop");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        using HttpResponseMessage refused = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(refused.Headers.WwwAuthenticate, c => c.Scheme == "DPoP");
    }

    private Task<SampleAgentSummary> RunAgentAsync(MandateServer server, AgentCredentials agent, SampleApi api, params string[] extra) =>
        SampleAgent.RunAsync(
            ["--server", server.Url, "--api", api.Url, "--scope", "tools:read", "--resource", Audience, "--duration", "2s", "--rate", "5", .. extra],
            TimeSpan.FromSeconds(2), server.WorkingDirectory, output.WriteLine,
            new Dictionary<string, string?> { ["MANDATE_CLIENT_ID"] = agent.ClientId, ["MANDATE_CLIENT_SECRET"] = agent.ClientSecret });
}
