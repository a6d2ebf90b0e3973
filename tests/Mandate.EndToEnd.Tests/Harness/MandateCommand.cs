namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>Runs the <c>mandate</c> command (src/Mandate.Cli, Mandate.dll) to completion, as an operator would in a shell.</summary>
internal static class MandateCommand
{
    /// <summary>Generous bound for one CLI command: a cold start plus a few HTTP calls on a busy box.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>mandate {arguments}</c> in <paramref name="workingDirectory"/> and returns what it did.</summary>
    public static async Task<CommandResult> RunAsync(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using ProcessHost process = ProcessHost.Start(
            "mandate " + string.Join(' ', arguments.Take(2)), RepoLayout.MandateCli, arguments, workingDirectory, environment);
        int exitCode = await process.WaitForExitAsync(CommandTimeout);
        return new CommandResult("mandate " + ProcessHost.DescribeCommandLine([.. arguments]), exitCode, process.Output.Lines, process.Error.Lines);
    }
}
