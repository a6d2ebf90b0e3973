using System.Text.Json;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>What a finished command printed and returned.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error)
{
    public string OutputText => string.Join('\n', Output);

    public string ErrorText => string.Join('\n', Error);

    /// <summary>Stdout parsed as one JSON document.</summary>
    public JsonElement OutputJson()
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(OutputText);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON document ({ex.Message}).\n{this}");
        }
    }

    /// <summary>Fails the test, showing everything the command printed, unless it exited with <paramref name="expected"/>.</summary>
    public CommandResult AssertExitCode(int expected)
    {
        if (ExitCode != expected)
        {
            throw new Xunit.Sdk.XunitException($"expected exit code {expected}, got {ExitCode}.\n{this}");
        }

        return this;
    }

    public override string ToString() =>
        $"--- {CommandLine} (exit {ExitCode})\n[stdout]\n{OutputText}\n[stderr]\n{ErrorText}";
}
