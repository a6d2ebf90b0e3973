using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary>Exit code 2 with one line on stderr for every malformed command line; no server needed.</summary>
public sealed class UsageErrorTests
{
    private readonly CliRunner _cli = new(Path.GetTempPath());

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("agent")]
    [InlineData("agent", "create", "bot")]
    [InlineData("agent", "create", "bot", "--scope", "a", "--nope")]
    [InlineData("agent", "create", "bot", "--scope", "a", "--audience", "https://api.example.com")] // --owner is required
    [InlineData("agent", "create", "bot", "--scope", "a", "--audience", "https://api.example.com", "--owner", " ")]
    [InlineData("agent", "show")]
    [InlineData("token", "get", "--client-id", "x")]
    [InlineData("token", "get", "--client-secret", "s")]
    [InlineData("token", "get", "--client-id", "x", "--client-secret", "s", "--private-key", "k.json")]
    [InlineData("key", "import")]
    public async Task Parse_Malformed_ExitsTwoWithOneLine(params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);
        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("token", "get", "--client-secret", "agt_abc", "--server", "http://127.0.0.1:1", "--client-id")]
    [InlineData("probe", "--api", "http://127.0.0.1:1", "--issuer", "http://127.0.0.1:1", "--client-secret", "agt_abc", "--client-id")]
    public async Task SwappedClientIdAndSecret_ExitsTwo_WithoutEchoingTheSecret(params string[] args)
    {
        const string secret = "mnd_c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw";

        CliResult result = await _cli.RunAsync([.. args, secret]);

        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains("swapped", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--token-lifetime", "5x")]
    [InlineData("--expires", "forever")]
    [InlineData("--audience", "not a uri")]
    [InlineData("--audience", "https://api.example.com/#frag")]
    public async Task AgentCreate_BadValue_ExitsTwoBeforeContactingServer(string option, string value)
    {
        CliResult result = await _cli.RunAsync(
            "agent", "create", "bot", "--scope", "a", "--owner", "team@example.com", option, value, "--server", "http://127.0.0.1:1");
        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains(option, result.Stderr);
    }

    [Theory]
    [InlineData("NAME", "agent", "create", " ", "--scope", "a", "--owner", "team@example.com")]
    [InlineData("NAME", "admin", "create", " ", "--scope", "mandate:read", "--owner", "team@example.com")]
    [InlineData("--owner", "admin", "create", "ops", "--scope", "mandate:read", "--owner", " ")]
    [InlineData("--expires", "admin", "create", "ops", "--scope", "mandate:read", "--owner", "team@example.com", "--expires", "forever")]
    public async Task AgentAndOperatorCreate_SharedOptions_ExitTwoBeforeContactingServer(string named, params string[] args)
    {
        CliResult result = await _cli.RunAsync([.. args, "--server", "http://127.0.0.1:1"]);
        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_NotAUrl_ExitsTwo()
    {
        CliResult result = await _cli
            .WithEnvironment(("MANDATE_ADMIN_CLIENT_ID", "x"), ("MANDATE_ADMIN_CLIENT_SECRET", "y"))
            .RunAsync("agent", "list", "--server", "ftp://example.com");
        result.AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Help_ExitsZero()
    {
        CliResult result = await _cli.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("agent", result.Stdout);
        Assert.Contains("token", result.Stdout);
    }
}
