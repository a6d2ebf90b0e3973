namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// samples/Mandate.Samples.McpServer as a process: <c>--urls URL --server ISSUER</c>, MCP at URL/mcp (also the token
/// audience), ready once GET /health answers.
/// </summary>
internal sealed class SampleMcpServer : IAsyncDisposable
{
    private SampleMcpServer(string url, ProcessHost process)
    {
        Url = url;
        Process = process;
    }

    /// <summary>The base URL the server listens on.</summary>
    public string Url { get; }

    /// <summary>The MCP endpoint, which is also the canonical resource URI and token audience.</summary>
    public string McpUrl => Url + "/mcp";

    public ProcessHost Process { get; }

    public static async Task<SampleMcpServer> StartAsync(string issuer, string workingDirectory, Action<string>? log = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
        };
        string url = FreePort.NextLoopbackUrl();
        ProcessHost process = ProcessHost.Start("sample mcp server", RepoLayout.SampleMcpServer, ["--urls", url, "--server", issuer], workingDirectory, environment, log);
        var server = new SampleMcpServer(url, process);
        try
        {
            await process.WaitForHttpAsync(url + "/health");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs the MCP agent sample to completion with the agent's credentials in the environment.</summary>
    public async Task<(int ExitCode, IReadOnlyList<string> Output, string Errors)> RunAgentAsync(AgentCredentials agent, string workingDirectory, Action<string>? log, params string[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MANDATE_CLIENT_ID"] = agent.ClientId,
            ["MANDATE_CLIENT_SECRET"] = agent.ClientSecret,
        };
        await using ProcessHost process = ProcessHost.Start("sample mcp agent", RepoLayout.SampleMcpAgent, ["--mcp", McpUrl, .. extra], workingDirectory, environment, log);
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.Output.Lines, process.Error.Text);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
