using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class AgentLifecycleTests(ServeFixture server)
{
    [Fact]
    public async Task Suspend_TokenGetFailsWithOneLine_ResumeRestores()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("suspended-bot");
        (await server.Cli.GetTokenAsync(agent)).AssertOk();

        CliResult suspend = (await server.Cli.RunAsync("agent", "suspend", agent.ClientId)).AssertOk();
        Assert.Contains("suspended", suspend.Stdout);

        CliResult refused = await server.Cli.GetTokenAsync(agent);
        refused.AssertOneLineError(ExitCodes.AuthenticationFailed);
        Assert.Contains("invalid_client", refused.Stderr);
        Assert.Equal("", refused.Stdout);

        (await server.Cli.RunAsync("agent", "resume", agent.ClientId)).AssertOk();
        (await server.Cli.GetTokenAsync(agent)).AssertOk();
    }

    [Fact]
    public async Task Decommission_IsFinal_ResumeExitsSix()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("retired-bot");

        CliResult decommission = (await server.Cli.RunAsync("agent", "decommission", agent.ClientId, "--json")).AssertOk();
        Assert.Contains("decommissioned", decommission.Stdout, StringComparison.OrdinalIgnoreCase);
        (await server.Cli.GetTokenAsync(agent)).AssertOneLineError(ExitCodes.AuthenticationFailed);

        CliResult resume = await server.Cli.RunAsync("agent", "resume", agent.ClientId);
        resume.AssertOneLineError(ExitCodes.Conflict);
    }

    [Fact]
    public async Task RotateSecret_OldSecretStops_NewSecretWorks()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("rotated-bot");

        CliResult rotated = (await server.Cli.RunAsync("agent", "rotate-secret", agent.ClientId, "--json")).AssertOk();
        AgentCredentials fresh = AgentCredentials.Parse(rotated.Stdout);
        Assert.Equal(agent.ClientId, fresh.ClientId);
        Assert.NotEqual(agent.ClientSecret, fresh.ClientSecret);

        (await server.Cli.GetTokenAsync(agent)).AssertOneLineError(ExitCodes.AuthenticationFailed);
        (await server.Cli.GetTokenAsync(fresh)).AssertOk();
    }

    [Fact]
    public async Task RotateSecret_RevokeTokens_IssuesWorkingSecret()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("revoking-bot");
        CliResult rotated = (await server.Cli.RunAsync("agent", "rotate-secret", agent.ClientId, "--revoke-tokens", "--json")).AssertOk();
        AgentCredentials fresh = AgentCredentials.Parse(rotated.Stdout);
        (await server.Cli.GetTokenAsync(fresh)).AssertOk();
        (await server.Cli.GetTokenAsync(agent)).AssertOneLineError(ExitCodes.AuthenticationFailed);
    }

    [Fact]
    public async Task RotateSecret_Text_WarnsToStoreSecret()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("rotated-text-bot");
        CliResult rotated = (await server.Cli.RunAsync("agent", "rotate-secret", agent.ClientId)).AssertOk();
        Assert.Contains("Store this secret now", rotated.Stdout);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("decommission")]
    [InlineData("rotate-secret")]
    public async Task Transition_UnknownAgent_ExitsFive(string verb)
    {
        CliResult result = await server.Cli.RunAsync("agent", verb, "agt_nosuchagent");
        result.AssertOneLineError(ExitCodes.NotFound);
    }
}
