using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate agent update ID --dpop required|allowed</c> against a running <c>mandate serve</c>.</summary>
[Collection(ServerCollection.Name)]
public sealed class AgentUpdateCommandTests(ServeFixture server)
{
    [Fact(DisplayName = "RFC 9449 §5: agent update --dpop required makes the next Bearer token request fail; --dpop allowed serves it again")]
    public async Task Update_Dpop_ChangesTokenEndpointBehaviour()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("dpop-update-bot", "tools:read");
        (await server.Cli.GetTokenAsync(agent)).AssertOk();

        CliResult updated = (await server.Cli.RunAsync("agent", "update", agent.ClientId, "--dpop", "required")).AssertOk();
        Assert.Equal($"Agent {agent.ClientId} updated; dpop: required.", updated.Stdout.Trim());
        Assert.Matches(@"(?m)^dpop:\s+required$", (await server.Cli.RunAsync("agent", "show", agent.ClientId)).AssertOk().Stdout);

        CliResult bearer = await server.Cli.GetTokenAsync(agent);
        bearer.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("MND2663", bearer.Stderr);
        (await server.Cli.GetTokenAsync(agent, null, "--dpop")).AssertOk();

        CliResult json = (await server.Cli.RunAsync("agent", "update", agent.ClientId, "--dpop", "allowed", "--json")).AssertOk();
        Assert.Equal("allowed", JsonDocument.Parse(json.Stdout).RootElement.GetProperty("dpop").GetString());
        (await server.Cli.GetTokenAsync(agent)).AssertOk();
    }

    [Fact]
    public async Task Update_BadValue_MissingOption_UnknownAgent_Decommissioned_ExitCodes()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("dpop-update-errors-bot", "tools:read");
        Assert.Equal(ExitCodes.Usage, (await server.Cli.RunAsync("agent", "update", agent.ClientId, "--dpop", "always")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await server.Cli.RunAsync("agent", "update", agent.ClientId)).ExitCode);
        (await server.Cli.RunAsync("agent", "update", "agt_nobody", "--dpop", "required")).AssertOneLineError(ExitCodes.NotFound);

        (await server.Cli.RunAsync("agent", "decommission", agent.ClientId)).AssertOk();
        CliResult conflict = await server.Cli.RunAsync("agent", "update", agent.ClientId, "--dpop", "required");
        conflict.AssertOneLineError(ExitCodes.Conflict);
        Assert.Contains("MND3551", conflict.Stderr);
    }
}
