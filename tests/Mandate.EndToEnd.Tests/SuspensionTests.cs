using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>Suspending an agent stops its token requests at once; resuming restores them.</summary>
[Collection(E2ECollection.Name)]
public sealed class SuspensionTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "Suspension end to end: agent suspend -> token get fails with invalid_client (one line) -> agent resume -> token get works")]
    public async Task SuspendAndResume()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials agent = await server.CreateAgentAsync("report-bot", "tools:read", Audience);
        (await server.GetTokenAsync(agent, "tools:read", Audience)).AssertExitCode(ExitCode.Ok);

        (await server.AdminAsync("agent", "suspend", agent.ClientId)).AssertExitCode(ExitCode.Ok);
        JsonElement suspended = (await server.AdminAsync("agent", "show", agent.ClientId, "--json")).AssertExitCode(ExitCode.Ok).OutputJson();
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());

        // RFC 6749 §5.2 invalid_client: an authentication failure, exit 4 in docs/cli.md.
        CommandResult refused = await server.GetTokenAsync(agent, "tools:read", Audience);
        string error = CliAssert.FailedWithOneLine(refused, ExitCode.AuthenticationFailed);
        Assert.Contains("invalid_client", error, StringComparison.Ordinal);
        Assert.Empty(refused.Output);

        (await server.AdminAsync("agent", "resume", agent.ClientId)).AssertExitCode(ExitCode.Ok);
        string token = await server.GetAccessTokenAsync(agent, "tools:read", Audience);
        (await server.InspectAsync(token)).AssertExitCode(ExitCode.Ok);
    }
}
