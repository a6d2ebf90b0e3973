using Mandate.Cli.Admin;
using Mandate.Cli.Tests.Infrastructure;
using Mandate.Cli.Time;

namespace Mandate.Cli.Tests;

/// <summary>Errors speak the command line's language: flags, durations as typed, and readable names.</summary>
public sealed class ErrorWordingTests
{
    private readonly CliRunner _cli = new(Path.GetTempPath());

    [Theory]
    [InlineData("99999d")]
    [InlineData("36501d")]
    [InlineData("36500d1s")]
    [InlineData("9999999999999s")]
    public void ParseOption_BeyondTheMaximum_SaysTooLongWithTheLimit(string text)
    {
        CliException error = Assert.Throws<CliException>(() => DurationParser.ParseOption(text, "--expires"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal($"--expires: '{text}' is too long: at most 36500d", error.Message);
    }

    [Fact]
    public void ParseOption_Zero_SaysZero()
    {
        CliException error = Assert.Throws<CliException>(() => DurationParser.ParseOption("0m", "--token-lifetime"));

        Assert.Contains("'0m' is zero", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5x")]
    [InlineData("1.5h")]
    [InlineData("5M")]
    public void ParseOption_Malformed_SaysNotADuration(string text)
    {
        CliException error = Assert.Throws<CliException>(() => DurationParser.ParseOption(text, "--since"));

        Assert.StartsWith($"--since: '{text}' is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rephrase_ServerOptionMessage_NamesTheFlagAndDurations()
    {
        string message = ServeOptionWording.Rephrase(
            "MND0005: KeyRotationInterval must be between 00:00:10 and 365.00:00:00; it is 00:00:05. MND0005: StorePollInterval must be at least 00:00:00.1000000.");

        Assert.Equal(
            "MND0005: --key-rotation-interval (KeyRotationInterval) must be between 10s and 365d; it is 5s. MND0005: --store-poll-interval (StorePollInterval) must be at least 100ms.",
            message);
    }

    [Fact]
    public async Task Serve_TokenLifetimeOutOfRange_OneLineInFlagsAndDurations()
    {
        using var dataDirectory = new TempDataDirectory();
        CliResult result = await _cli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--data-dir", dataDirectory.Path, "--max-token-lifetime", "2d"]);

        result.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("--max-token-lifetime (MaxAccessTokenLifetime) must be between 30s and 1d; it is 2d", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("00:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin/trusted-issuers/corp-idp", "not found: trusted issuer corp-idp")]
    [InlineData("admin/agents/agt_x/suspend", "not found: agent agt_x")]
    [InlineData("admin/keys/kid-1/revoke", "not found: signing key kid-1")]
    [InlineData("admin/audit?agent=x", "not found: /admin/audit")]
    public void NotFound_NamesWhatIsMissing(string path, string expected)
    {
        CliException error = AdminError.From(System.Net.HttpStatusCode.NotFound, default, path);

        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
        Assert.Equal(expected, error.Message);
    }

    private sealed class TempDataDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mandate-cli-wording-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
