namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of the CLI produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stderr is exactly one line starting with "error:" and shows no stack trace.</summary>
    public void AssertOneLineError(int expectedExitCode)
    {
        Assert.True(expectedExitCode == ExitCode, $"expected exit {expectedExitCode}, got {ExitCode}; stderr: {Stderr}; stdout: {Stdout}");
        string[] lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain(" at Mandate.", Stderr);
        Assert.DoesNotContain("Exception", Stderr);
    }

    /// <summary>Asserts exit code 0 and an empty stderr.</summary>
    public CliResult AssertOk()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}; stderr: {Stderr}; stdout: {Stdout}");
        Assert.Equal("", Stderr);
        return this;
    }
}
