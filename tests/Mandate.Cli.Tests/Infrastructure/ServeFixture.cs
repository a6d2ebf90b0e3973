namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>mandate serve</c> in-process on a free loopback port with a temporary data folder (real SQLite
/// file), and gives tests a <see cref="CliRunner"/> pointed at it through MANDATE_SERVER and ./.mandate.
/// </summary>
public class ServeFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LineSignalWriter _serveOutput = new("Press Ctrl+C");
    private readonly StringWriter _serveError = new();
    private Task<int>? _serve;

    /// <summary>The temporary working directory; the data folder is its <c>.mandate</c>.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("mandate-cli-").FullName;

    /// <summary>The server's URL and issuer, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The data folder.</summary>
    public string DataDirectory => Path.Combine(Root, ".mandate");

    /// <summary>A runner whose environment names the server; credentials come from ./.mandate.</summary>
    public CliRunner Cli => new(Root, new Dictionary<string, string> { ["MANDATE_SERVER"] = Url });

    /// <summary>Arguments added to <c>mandate serve</c>.</summary>
    protected virtual string[] ExtraServeArguments => [];

    /// <summary>Environment variables <c>mandate serve</c> sees (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string> ServeEnvironment { get; } = new Dictionary<string, string>();

    /// <summary>The scheme of <see cref="Url"/>: <c>http</c>, or <c>https</c> with a certificate set up by <see cref="BeforeStart"/>.</summary>
    protected virtual string Scheme => "http";

    /// <summary>Runs before serve starts, with <see cref="Root"/> and <see cref="Url"/> set (e.g. to write mandate.json).</summary>
    protected virtual void BeforeStart()
    {
    }

    /// <summary>What serve printed so far.</summary>
    public string ServeOutput => _serveOutput.ToString();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Url = $"{Scheme}://127.0.0.1:{FreePort.Next()}";
        BeforeStart();
        var environment = ServeEnvironment;
        var context = new CliContext(_serveOutput, _serveError)
        {
            WorkingDirectory = Root,
            GetEnvironmentVariable = name => environment.TryGetValue(name, out string? value) ? value : null,
        };
        _serve = Task.Run(() => MandateCli.RunAsync(["serve", "--urls", Url, .. ExtraServeArguments], context, _stop.Token));

        Task first = await Task.WhenAny(_serveOutput.Seen, _serve, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != _serveOutput.Seen)
        {
            throw new InvalidOperationException($"serve did not start: {_serveError} {_serveOutput}");
        }
    }

    /// <summary>Stops serve (as Ctrl-C would) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return _serve is null ? 0 : await _serve;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL briefly on some platforms; the temp folder is cleaned by the OS.
        }
    }
}
