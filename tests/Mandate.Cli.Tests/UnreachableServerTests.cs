using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary>Exit code 3 and "cannot reach" when nothing listens at the server URL.</summary>
public sealed class UnreachableServerTests
{
    private readonly string _url = $"http://127.0.0.1:{FreePort.Next()}";

    [Fact]
    public async Task AgentList_NothingListening_ExitsThree()
    {
        CliResult result = await new CliRunner(Path.GetTempPath())
            .WithEnvironment(("MANDATE_ADMIN_CLIENT_ID", "admin"), ("MANDATE_ADMIN_CLIENT_SECRET", "secret"), ("MANDATE_SERVER", _url))
            .RunAsync("agent", "list");
        result.AssertOneLineError(ExitCodes.Unreachable);
        Assert.Contains($"cannot reach the Mandate server at {_url}", result.Stderr);
    }

    [Fact]
    public async Task TokenGet_NothingListening_ExitsThree()
    {
        CliResult result = await new CliRunner(Path.GetTempPath())
            .RunAsync("token", "get", "--client-id", "a", "--client-secret", "b", "--server", _url);
        result.AssertOneLineError(ExitCodes.Unreachable);
    }

    [Fact]
    public async Task AgentList_NoCredentials_ExitsFour()
    {
        string empty = Directory.CreateTempSubdirectory("mandate-cli-").FullName;
        CliResult result = await new CliRunner(empty).RunAsync("agent", "list", "--server", _url);
        result.AssertOneLineError(ExitCodes.AuthenticationFailed);
        Assert.Contains("MANDATE_ADMIN_CLIENT_ID", result.Stderr);
    }
}
