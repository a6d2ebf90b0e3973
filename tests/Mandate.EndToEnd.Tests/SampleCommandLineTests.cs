using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// The samples behave like tools: <c>--help</c> prints the usage on stdout and exits 0; an unknown argument, or none
/// where the server or credentials are needed, is one line on stderr and exit code 2, never a stack trace; and neither
/// writes anything into the working folder. Each sample runs as a real process with no MANDATE_* variable set.
/// </summary>
public sealed class SampleCommandLineTests
{
    public static TheoryData<string> Samples => new()
    {
        RepoLayout.SampleApi, RepoLayout.SampleAgent, RepoLayout.SampleDelegation, RepoLayout.SampleMcpServer, RepoLayout.SampleMcpAgent,
    };

    [Theory(DisplayName = "samples: --help prints the usage and exits 0")]
    [MemberData(nameof(Samples))]
    public async Task Help_PrintsUsageAndExitsZero(string sample)
    {
        (CommandResult result, string[] written) = await RunAsync(sample, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("usage: " + Path.GetFileNameWithoutExtension(sample), result.Output[0], StringComparison.Ordinal);
        Assert.Contains("MANDATE_", result.OutputText, StringComparison.Ordinal); // where the server or credentials come from
        Assert.DoesNotContain(result.Error, line => line.Length > 0);
        Assert.Empty(written);
    }

    [Theory(DisplayName = "samples: an unknown argument is one line on stderr, exit 2, no stack trace")]
    [MemberData(nameof(Samples))]
    public async Task UnknownArgument_OneLineOnStderr_ExitTwo(string sample)
    {
        (CommandResult result, string[] written) = await RunAsync(sample, "--bogus", "x");

        AssertOneLineUsageError(result);
        Assert.Contains("--bogus", result.ErrorText, StringComparison.Ordinal);
        Assert.Empty(written);
    }

    [Theory(DisplayName = "samples: no server or credentials is one line on stderr, exit 2, no stack trace")]
    [MemberData(nameof(Samples))]
    public async Task NothingConfigured_OneLineOnStderr_ExitTwo(string sample)
    {
        (CommandResult result, string[] written) = await RunAsync(sample);

        AssertOneLineUsageError(result);
        Assert.Contains("MANDATE_", result.ErrorText, StringComparison.Ordinal);
        Assert.Empty(written);
    }

    private static void AssertOneLineUsageError(CommandResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(result.Error, line => line.Length > 0);
        Assert.DoesNotContain("Exception", result.ErrorText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.ErrorText, StringComparison.Ordinal);
    }

    private static async Task<(CommandResult Result, string[] Written)> RunAsync(string sample, params string[] arguments)
    {
        using var directory = new TempDirectory("sample-cli");
        // ProcessHost removes every MANDATE_* variable: the sample must say what is missing.
        await using ProcessHost process = ProcessHost.Start(Path.GetFileName(sample), sample, arguments, directory.Path);
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        string[] written = Directory.GetFileSystemEntries(directory.Path);
        return (new CommandResult(Path.GetFileName(sample), exitCode, process.Output.Lines, process.Error.Lines), written);
    }
}
