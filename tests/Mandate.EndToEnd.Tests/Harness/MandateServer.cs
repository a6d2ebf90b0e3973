using System.Text.Json;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// <c>mandate serve --urls URL --data-dir DIR</c> as a process on a free loopback port, with helpers that
/// run the other <c>mandate</c> commands against it. The URL and the data folder survive a restart.
/// </summary>
internal sealed class MandateServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _workingDirectory;
    private readonly Action<string>? _log;
    private readonly IReadOnlyList<string> _serveArguments;
    private readonly IReadOnlyDictionary<string, string?>? _environment;
    private ProcessHost? _process;

    private MandateServer(TempDirectory workingDirectory, string url, Action<string>? log, IReadOnlyList<string> serveArguments, IReadOnlyDictionary<string, string?>? environment)
    {
        _environment = environment;
        _workingDirectory = workingDirectory;
        Url = url;
        _log = log;
        _serveArguments = serveArguments;
        _environment = environment;
    }

    /// <summary>The listen URL, which is also the issuer (no --issuer given).</summary>
    public string Url { get; }

    /// <summary>The data folder: mandate.db, kek, admin-credentials.json.</summary>
    public string DataDirectory => _workingDirectory.Combine("data");

    /// <summary>The folder every process runs in (so a default ./.mandate would land here too).</summary>
    public string WorkingDirectory => _workingDirectory.Path;

    /// <summary>The running server process.</summary>
    public ProcessHost Process => _process ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Starts a server with a new, empty data folder and waits until its metadata is served.</summary>
    /// <param name="log">Receives the process output.</param>
    /// <param name="serveArguments">More <c>mandate serve</c> options, e.g. <c>--key-rotation-interval 20s</c>; kept for restarts.</param>
    /// <param name="environment">Variables for the server process, e.g. <c>Mandate__Dpop__RequireNonce=true</c>; kept for restarts.</param>
    public static async Task<MandateServer> StartAsync(Action<string>? log = null, IReadOnlyList<string>? serveArguments = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var server = new MandateServer(new TempDirectory("serve"), FreePort.NextLoopbackUrl(), log, serveArguments ?? [], environment);
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server process on <see cref="Url"/> and <see cref="DataDirectory"/>; waits for RFC 8414 metadata.</summary>
    public async Task StartProcessAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The server is already running.");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = ProcessHost.Start(
            "mandate serve", RepoLayout.MandateCli, ["serve", "--urls", Url, "--data-dir", DataDirectory, .. _serveArguments], WorkingDirectory, _environment, _log);
        await _process.WaitForHttpAsync(Url + "/.well-known/oauth-authorization-server");
    }

    /// <summary>Stops the server with SIGTERM and returns its exit code (docs/cli.md: a clean stop exits 0).</summary>
    public Task<int> StopAsync() => Process.TerminateAsync(StopTimeout);

    /// <summary>Runs <c>mandate {arguments}</c> in the server's working folder, without adding any option.</summary>
    public Task<CommandResult> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        MandateCommand.RunAsync(WorkingDirectory, arguments, environment);

    /// <summary>Runs an admin command (<c>mandate agent|key ...</c>) with <c>--server URL --data-dir DIR</c> added.</summary>
    public Task<CommandResult> AdminAsync(params string[] arguments) =>
        RunAsync([.. arguments, "--server", Url, "--data-dir", DataDirectory]);

    /// <summary><c>mandate agent create NAME --scope S --audience A [--owner team@example.test] [extra] --json</c>; returns the printed
    /// credentials. <c>--owner</c> (required) is added unless <paramref name="extra"/> names one.</summary>
    public async Task<AgentCredentials> CreateAgentAsync(string name, string scope, string audience, params string[] extra)
    {
        string[] owner = extra.Contains("--owner") ? [] : ["--owner", "team@example.test"];
        CommandResult result = (await AdminAsync(["agent", "create", name, "--scope", scope, "--audience", audience, .. owner, .. extra, "--json"]))
            .AssertExitCode(0);
        JsonElement json = result.OutputJson();
        return new AgentCredentials(
            json.GetProperty("client_id").GetString() ?? throw new Xunit.Sdk.XunitException($"client_id is null.\n{result}"),
            json.GetProperty("client_secret").GetString() ?? throw new Xunit.Sdk.XunitException($"client_secret is null.\n{result}"));
    }

    /// <summary><c>mandate token get --client-id --client-secret --scope --resource --issuer URL [--json]</c>.</summary>
    public Task<CommandResult> GetTokenAsync(AgentCredentials agent, string scope, string resource, bool json = false) =>
        RunAsync([
            "token", "get", "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret,
            "--scope", scope, "--resource", resource, "--server", Url, .. json ? new[] { "--json" } : [],
        ]);

    /// <summary>Gets a token and returns the access token (the only stdout line without --json).</summary>
    public async Task<string> GetAccessTokenAsync(AgentCredentials agent, string scope, string resource)
    {
        CommandResult result = (await GetTokenAsync(agent, scope, resource)).AssertExitCode(0);
        return Assert.Single(result.Output, line => line.Length > 0);
    }

    /// <summary><c>mandate token inspect TOKEN --issuer URL</c>.</summary>
    public Task<CommandResult> InspectAsync(string token) => RunAsync(["token", "inspect", token, "--server", Url]);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _workingDirectory.Dispose();
    }
}
