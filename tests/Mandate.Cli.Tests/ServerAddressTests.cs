using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary>
/// One name for the Mandate server: <c>--server</c> / <c>MANDATE_SERVER</c> on every command; the former names
/// <c>--issuer</c> and <c>MANDATE_ISSUER</c> still work with one deprecation line; <c>token inspect</c> decodes offline.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServerAddressTests(ServeFixture server)
{
    [Fact]
    public async Task TokenGet_ServerFlag_SameAsAdminCommands()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("server-flag-bot", "tools:read");
        var plain = new CliRunner(server.Root);

        CliResult result = (await plain.RunAsync(
            "token", "get", "--server", server.Url, "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret!, "--scope", "tools:read", "--resource", CliRunnerExtensions.Api)).AssertOk();

        Assert.Equal(3, result.Stdout.Trim().Split('.').Length);
        (await plain.RunAsync("agent", "show", agent.ClientId, "--server", server.Url)).AssertOk();
    }

    [Fact]
    public async Task TokenGet_DeprecatedIssuerFlagAndVariable_WorkWithOneWarningLine()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("deprecated-name-bot", "tools:read");
        var plain = new CliRunner(server.Root);

        CliResult flag = await plain.RunAsync(
            "token", "get", "--issuer", server.Url, "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret!, "--scope", "tools:read", "--resource", CliRunnerExtensions.Api);
        CliResult variable = await plain.WithEnvironment(("MANDATE_ISSUER", server.Url)).RunAsync(
            "token", "get", "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret!, "--scope", "tools:read", "--resource", CliRunnerExtensions.Api);

        Assert.Equal(ExitCodes.Ok, flag.ExitCode);
        Assert.Equal("warning: --issuer is deprecated; use --server (same meaning)", flag.Stderr.Trim());
        Assert.Equal(ExitCodes.Ok, variable.ExitCode);
        Assert.Equal("warning: MANDATE_ISSUER is deprecated; set MANDATE_SERVER (same meaning)", variable.Stderr.Trim());
    }

    [Fact]
    public async Task TokenInspect_NoServerNamed_DecodesOfflineWithoutContactingAnyServer()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("offline-bot", "tools:read");
        string token = (await server.Cli.GetTokenAsync(agent, null, "--scope", "tools:read")).AssertOk().Stdout.Trim();

        // No MANDATE_SERVER, and the default address (127.0.0.1:5080) is not this server: nothing to reach.
        CliResult inspect = (await new CliRunner(server.Root).RunAsync("token", "inspect", token)).AssertOk();

        Assert.Contains(agent.ClientId, inspect.Stdout);
        Assert.Contains("signature: not checked (offline", inspect.Stdout);
        Assert.Contains("verdict: decoded, not verified", inspect.Stdout);
        Assert.DoesNotContain("cannot reach", inspect.Stdout + inspect.Stderr);
    }

    [Fact]
    public async Task TokenInspect_Verify_ChecksTheSignatureAtTheNamedServer()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("verify-bot", "tools:read");
        string token = (await server.Cli.GetTokenAsync(agent, null, "--scope", "tools:read")).AssertOk().Stdout.Trim();

        CliResult inspect = (await new CliRunner(server.Root).RunAsync("token", "inspect", token, "--server", server.Url)).AssertOk();

        Assert.Contains("signature: valid", inspect.Stdout);
    }
}
