using System.Text.Json;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// samples/Mandate.Samples.Delegation as a process: the orchestrator delegates to the sub-agent, which exchanges
/// the token and calls the API; its last stdout line is a JSON summary
/// (<c>{"hops":[claims, claims], "api": {...}, "widening": "...", "token_requests": N}</c>).
/// </summary>
internal static class SampleDelegation
{
    /// <summary>Runs the sample to completion and returns its exit code and parsed summary.</summary>
    public static async Task<(int ExitCode, JsonElement Summary, IReadOnlyList<string> Output)> RunAsync(
        IReadOnlyList<string> arguments, string workingDirectory, Action<string>? log = null)
    {
        await using ProcessHost sample = ProcessHost.Start("delegation sample", RepoLayout.SampleDelegation, arguments, workingDirectory, log: log);
        // A bound on the wait, not an assertion on duration.
        int exitCode = await sample.WaitForExitAsync(TimeSpan.FromSeconds(120));
        IReadOnlyList<string> lines = sample.Output.Lines;
        string last = lines.Count > 0 ? lines[^1] : "";
        try
        {
            using JsonDocument summary = JsonDocument.Parse(last);
            return (exitCode, summary.RootElement.Clone(), lines);
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"the last stdout line is not the JSON summary: '{last}'.\n{sample.Transcript()}");
        }
    }
}
