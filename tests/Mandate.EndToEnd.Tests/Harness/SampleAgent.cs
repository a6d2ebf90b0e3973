using System.Globalization;
using System.Text.RegularExpressions;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// samples/Mandate.Samples.Agent as a process: calls GET {api}/api/tools at a steady rate through
/// Mandate.Agent, then prints <c>calls: N, failures: F, token requests: T</c> as its last line.
/// </summary>
internal static partial class SampleAgent
{
    /// <summary>Runs the agent to completion with <paramref name="arguments"/> and parses its last line.</summary>
    /// <param name="runFor">How long the agent is asked to call (its --duration); the wait allows a minute more for start-up and drain.</param>
    public static async Task<SampleAgentSummary> RunAsync(
        IReadOnlyList<string> arguments, TimeSpan runFor, string workingDirectory, Action<string>? log = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using ProcessHost agent = ProcessHost.Start("sample agent", RepoLayout.SampleAgent, arguments, workingDirectory, environment, log);
        // A bound on the wait, not an assertion on duration.
        int exitCode = await agent.WaitForExitAsync(runFor + TimeSpan.FromSeconds(60));

        IReadOnlyList<string> lines = agent.Output.Lines;
        string last = lines.Count > 0 ? lines[^1] : "";
        Match summary = SummaryLine().Match(last);
        if (!summary.Success)
        {
            throw new Xunit.Sdk.XunitException($"last stdout line is not 'calls: N, failures: F, token requests: T': '{last}'.\n{agent.Transcript()}");
        }

        var result = new SampleAgentSummary(
            int.Parse(summary.Groups["calls"].Value, CultureInfo.InvariantCulture),
            int.Parse(summary.Groups["failures"].Value, CultureInfo.InvariantCulture),
            int.Parse(summary.Groups["tokens"].Value, CultureInfo.InvariantCulture),
            exitCode);
        log?.Invoke($"measured: {result}; first stderr lines: {string.Join(" | ", agent.Error.Lines.Take(3))}");
        return result;
    }

    [GeneratedRegex(@"^calls: (?<calls>\d+), failures: (?<failures>\d+), token requests: (?<tokens>\d+)$")]
    private static partial Regex SummaryLine();
}
