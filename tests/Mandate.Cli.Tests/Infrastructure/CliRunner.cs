namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>Runs <see cref="MandateCli"/> in-process with captured streams and an explicit environment.</summary>
public sealed class CliRunner
{
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <summary>Creates a runner.</summary>
    /// <param name="workingDirectory">Directory that relative paths (./.mandate) resolve against.</param>
    /// <param name="environment">The only environment variables the CLI sees.</param>
    public CliRunner(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        WorkingDirectory = workingDirectory;
        _environment = environment ?? new Dictionary<string, string>();
    }

    /// <summary>The working directory of every run.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The clock commands see; default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A copy of this runner with extra or replaced environment variables.</summary>
    public CliRunner WithEnvironment(params (string Name, string Value)[] variables)
    {
        var merged = new Dictionary<string, string>(_environment);
        foreach ((string name, string value) in variables)
        {
            merged[name] = value;
        }

        return new CliRunner(WorkingDirectory, merged) { TimeProvider = TimeProvider };
    }

    /// <summary>A copy of this runner with another clock.</summary>
    public CliRunner WithTime(TimeProvider timeProvider) => new(WorkingDirectory, _environment) { TimeProvider = timeProvider };

    /// <summary>The HTTP handler the commands use (for example one that trusts a test certificate); default sockets.</summary>
    public Func<HttpMessageHandler>? HttpHandler { get; init; }

    /// <summary>Runs the CLI with <paramref name="args"/>.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs the CLI with <paramref name="args"/> and <paramref name="stdin"/> as standard input.</summary>
    public async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error)
        {
            Input = new StringReader(stdin),
            GetEnvironmentVariable = name => _environment.TryGetValue(name, out string? value) ? value : null,
            WorkingDirectory = WorkingDirectory,
            TimeProvider = TimeProvider,
            CreateHttpHandler = HttpHandler ?? (static () => new SocketsHttpHandler()),
        };
        int exitCode = await MandateCli.RunAsync(args, context, TestContext.Timeout);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
