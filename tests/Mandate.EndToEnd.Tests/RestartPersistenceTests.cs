using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>The SQLite data folder is the server's whole state: keys, agents and secrets survive a restart.</summary>
[Collection(E2ECollection.Name)]
public sealed class RestartPersistenceTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "Restart on the same data folder: a token issued before still verifies and the agent still gets tokens")]
    public async Task StateSurvivesRestart()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);
        AgentCredentials agent = await server.CreateAgentAsync("report-bot", "tools:read", Audience);
        string tokenBefore = await server.GetAccessTokenAsync(agent, "tools:read", Audience);
        (await server.InspectAsync(tokenBefore)).AssertExitCode(ExitCode.Ok);

        // SIGTERM, as a service manager stops it: serve shuts Kestrel down gracefully and exits 0.
        int exitCode = await server.StopAsync();
        Assert.True(exitCode == ExitCode.Ok, $"serve exited {exitCode} on SIGTERM.\n{server.Process.Transcript()}");

        await server.StartProcessAsync();

        // The signing key was reloaded from the store (decrypted with the kek), not regenerated.
        CommandResult inspected = (await server.InspectAsync(tokenBefore)).AssertExitCode(ExitCode.Ok);
        Assert.Contains(inspected.Output, line => line.StartsWith("signature: valid", StringComparison.Ordinal));

        // The agent and its secret hash were reloaded too.
        string tokenAfter = await server.GetAccessTokenAsync(agent, "tools:read", Audience);
        Assert.NotEqual(tokenBefore, tokenAfter);
    }
}
