namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>Common command sequences used by several tests.</summary>
public static class CliRunnerExtensions
{
    /// <summary>The audience every test agent is allowed.</summary>
    public const string Api = "https://api.example.com";

    /// <summary>Creates an agent with <c>--json</c> and returns its credentials; its first scope is its default scope.</summary>
    public static async Task<AgentCredentials> CreateAgentAsync(this CliRunner cli, string name = "test-agent", string scope = "tools:read tools:write")
    {
        CliResult result = (await cli.RunAsync(
            "agent", "create", name, "--scope", scope, "--default-scope", scope.Split(' ')[0], "--audience", Api, "--owner", "team@example.com", "--json")).AssertOk();
        return AgentCredentials.Parse(result.Stdout);
    }

    /// <summary>Runs <c>token get</c> for <paramref name="agent"/>.</summary>
    public static Task<CliResult> GetTokenAsync(this CliRunner cli, AgentCredentials agent, string? secret = null, params string[] extra) =>
        cli.RunAsync(["token", "get", "--client-id", agent.ClientId, "--client-secret", secret ?? agent.ClientSecret!, "--resource", Api, .. extra]);
}
