namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// samples/Mandate.Samples.NodeApi as a <c>node</c> process: ISSUER, AUDIENCE and PORT in its environment, jose resolved
/// through NODE_PATH from tests/node/node_modules (installed by ./test.sh with npm ci). Ready once GET /health answers.
/// </summary>
internal sealed class SampleNodeApi : IAsyncDisposable
{
    private SampleNodeApi(string url, ProcessHost process)
    {
        Url = url;
        Process = process;
    }

    /// <summary>The base URL the API listens on.</summary>
    public string Url { get; }

    public ProcessHost Process { get; }

    /// <summary>Starts the API on a free loopback port. A missing <c>node</c> or jose package fails with a message saying how to install it.</summary>
    public static async Task<SampleNodeApi> StartAsync(string issuer, string audience, string workingDirectory, Action<string>? log = null)
    {
        string node = FindNode() ?? throw new Xunit.Sdk.XunitException(
            "node is not on PATH: this test runs samples/Mandate.Samples.NodeApi with Node.js 20.19 or later. Install it (./test.sh installs nodejs when missing).");
        string modules = Path.Combine(RepoLayout.Root, "tests", "node", "node_modules");
        if (!File.Exists(Path.Combine(modules, "jose", "package.json")))
        {
            throw new Xunit.Sdk.XunitException($"{modules}/jose is missing: run `npm ci` in tests/node (./test.sh does).");
        }

        string url = FreePort.NextLoopbackUrl();
        var environment = new Dictionary<string, string?>
        {
            ["NODE_PATH"] = modules,
            ["ISSUER"] = issuer,
            ["AUDIENCE"] = audience,
            ["HOST"] = "127.0.0.1",
            ["PORT"] = new Uri(url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        ProcessHost process = ProcessHost.StartProgram(
            "node api", node, [Path.Combine(RepoLayout.Root, "samples", "Mandate.Samples.NodeApi", "server.js")], workingDirectory, environment, log);
        var api = new SampleNodeApi(url, process);
        try
        {
            await process.WaitForHttpAsync(url + "/health");
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static string? FindNode()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
