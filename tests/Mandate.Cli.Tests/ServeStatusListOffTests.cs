using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary>With <c>Mandate:StatusList:Enabled=false</c>, tokens carry no status claim and no list is served.</summary>
public sealed class ServeStatusListOffTests(StatusListOffServeFixture server) : IClassFixture<StatusListOffServeFixture>
{
    [Fact(DisplayName = "Mandate:StatusList:Enabled=false: no status claim, no /statuslists, no metadata member")]
    public async Task Serve_StatusListsOff_IssuesPlainTokens()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("plain-bot");
        string token = (await server.Cli.GetTokenAsync(agent)).AssertOk().Stdout.Trim();
        using JsonDocument payload = ServeStatusListTests.Payload(token);
        Assert.False(payload.RootElement.TryGetProperty("status", out _));

        using var http = new HttpClient();
        using JsonDocument metadata = JsonDocument.Parse(await http.GetStringAsync(server.Url + "/.well-known/oauth-authorization-server"));
        Assert.False(metadata.RootElement.TryGetProperty("status_list_aggregation_endpoint", out _));
        using HttpResponseMessage response = await http.GetAsync(server.Url + "/statuslists/1");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("status lists:      off", server.ServeOutput, StringComparison.Ordinal);
    }
}
