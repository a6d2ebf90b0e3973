namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// samples/Mandate.Samples.Api as a process: <c>--urls URL --issuer ISSUER --audience URI</c>, ready once
/// GET /health answers. GET /api/tools needs tools:read, POST /api/tools/run tools:write, GET /api/admin tools:admin.
/// </summary>
internal sealed class SampleApi : IAsyncDisposable
{
    private SampleApi(string url, ProcessHost process)
    {
        Url = url;
        Process = process;
    }

    /// <summary>The base URL the API listens on.</summary>
    public string Url { get; }

    public ProcessHost Process { get; }

    /// <summary>Starts the API on a free loopback port, trusting <paramref name="issuer"/> for tokens with audience <paramref name="audience"/>.</summary>
    /// <param name="logLevels">More <c>Logging:LogLevel</c> entries (category, level), e.g. Debug for the bearer handler.</param>
    /// <param name="extraArguments">More sample API arguments, e.g. <c>--jwks-refresh-cooldown 00:00:01</c>.</param>
    public static async Task<SampleApi> StartAsync(
        string issuer, string audience, string workingDirectory, Action<string>? log = null,
        IReadOnlyDictionary<string, string>? logLevels = null, IReadOnlyList<string>? extraArguments = null)
    {
        var environment = new Dictionary<string, string?>
        {
            // Operator configuration, not behaviour: no per-request Information logs from ASP.NET Core,
            // so the console does not compete with the requests for the two cores during load runs.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
        };
        foreach (var (category, level) in logLevels ?? new Dictionary<string, string>())
        {
            environment["Logging__LogLevel__" + category] = level;
        }

        string url = FreePort.NextLoopbackUrl();
        ProcessHost process = ProcessHost.Start(
            "sample api",
            RepoLayout.SampleApi,
            ["--urls", url, "--issuer", issuer, "--audience", audience, .. extraArguments ?? []],
            workingDirectory,
            environment,
            log);
        var api = new SampleApi(url, process);
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
}
