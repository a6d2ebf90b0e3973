using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;
using Mandate.Jose;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class TokenCommandTests(ServeFixture server)
{
    [Fact]
    public async Task Get_PrintsTokenThatInspectCallsValid()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("inspected-bot", "tools:read");
        string token = (await server.Cli.GetTokenAsync(agent, null, "--scope", "tools:read")).AssertOk().Stdout.Trim();
        Assert.Equal(3, token.Split('.').Length);

        CliResult inspect = (await server.Cli.RunAsync("token", "inspect", token)).AssertOk();
        Assert.Matches(@"signature: valid \(kid \S+, ES256\)", inspect.Stdout);
        Assert.Contains($"sub", inspect.Stdout);
        Assert.Contains(agent.ClientId, inspect.Stdout);
        Assert.Contains("subject: the agent id", inspect.Stdout);
        Assert.Matches(@"expires in \d+m", inspect.Stdout);
        Assert.Contains("tools:read", inspect.Stdout);
    }

    [Fact]
    public async Task Get_Json_PrintsTokenResponse()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("json-token-bot");
        CliResult result = (await server.Cli.GetTokenAsync(agent, null, "--json")).AssertOk();

        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        Assert.Equal("Bearer", document.RootElement.GetProperty("token_type").GetString());
        Assert.True(document.RootElement.GetProperty("expires_in").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Get_WrongSecret_ExitsFourWithOneLine()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("wrong-secret-bot");
        CliResult result = await server.Cli.GetTokenAsync(agent, "mnd_not-the-secret");
        result.AssertOneLineError(ExitCodes.AuthenticationFailed);
        Assert.Contains("invalid_client", result.Stderr);
        Assert.DoesNotContain("mnd_not-the-secret", result.Stderr);
    }

    [Fact]
    public async Task Get_SecretFromStdinOrEnvironment_KeepsItOffTheCommandLine()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("quiet-secret-bot");

        string fromStdin = (await server.Cli.RunWithInputAsync(agent.ClientSecret + "\n",
            "token", "get", "--client-id", agent.ClientId, "--client-secret", "-", "--resource", CliRunnerExtensions.Api)).AssertOk().Stdout.Trim();
        CliRunner withEnvironment = server.Cli.WithEnvironment(("MANDATE_CLIENT_ID", agent.ClientId), ("MANDATE_CLIENT_SECRET", agent.ClientSecret!));
        string fromEnvironment = (await withEnvironment.RunAsync("token", "get", "--resource", CliRunnerExtensions.Api)).AssertOk().Stdout.Trim();

        Assert.Equal(3, fromStdin.Split('.').Length);
        Assert.Equal(3, fromEnvironment.Split('.').Length);
        (await server.Cli.RunWithInputAsync("", "token", "get", "--client-id", agent.ClientId, "--client-secret", "-")).AssertOneLineError(ExitCodes.Usage);
        (await server.Cli.WithEnvironment(("MANDATE_CLIENT_ID", agent.ClientSecret!), ("MANDATE_CLIENT_SECRET", agent.ClientId))
            .RunAsync("token", "get")).AssertOneLineError(ExitCodes.Usage);        // swapped in the environment too
    }

    [Fact(DisplayName = "RFC 6749 §5.1: token get goes through Mandate.Agent, which checks the response (token_type, expires_in) as an agent does; one RFC 8707 resource per token")]
    public async Task Get_ThroughTheAgentSdk_OneResourcePerToken()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("sdk-path-bot");
        CliResult json = (await server.Cli.GetTokenAsync(agent, null, "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        // The members Mandate.Agent's AccessToken carries, and nothing the CLI copied from the raw body.
        Assert.Equal(["access_token", "token_type", "expires_in", "scope"], document.RootElement.EnumerateObject().Select(p => p.Name));

        CliResult twice = await server.Cli.RunAsync("token", "get", "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret!,
            "--resource", CliRunnerExtensions.Api, "--resource", "https://other.example.test");
        twice.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains("--resource", twice.Stderr);
    }

    [Fact]
    public async Task Get_ScopeNotAllowed_ExitsOneWithOAuthError()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("narrow-bot", "tools:read");
        CliResult result = await server.Cli.GetTokenAsync(agent, null, "--scope", "tools:admin");
        result.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("invalid_scope", result.Stderr);
    }

    [Fact]
    public async Task Inspect_AgainstAnotherIssuer_ExitsOne()
    {
        string token = await IssueTokenAsync("foreign-bot");
        var other = new ServeFixture();
        await other.InitializeAsync();
        try
        {
            CliResult inspect = await server.Cli.RunAsync("token", "inspect", token, "--server", other.Url);
            Assert.Equal(ExitCodes.Failure, inspect.ExitCode);
            Assert.Contains("signature: invalid (the kid is not in the issuer's JWKS)", inspect.Stdout);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Inspect_FromStdin_IsValid()
    {
        string token = await IssueTokenAsync("stdin-bot");
        CliResult inspect = await server.Cli.RunWithInputAsync(token + "\n", "token", "inspect", "-");
        inspect.AssertOk();
        Assert.Contains("signature: valid", inspect.Stdout);
    }

    [Fact]
    public async Task Inspect_TamperedPayload_ExitsOne()
    {
        string token = await IssueTokenAsync("tampered-bot");
        string[] parts = token.Split('.');
        byte[] payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("tools:read", "tools:admin", StringComparison.Ordinal));
        string tampered = $"{parts[0]}.{Base64Url.Encode(payload)}.{parts[2]}";

        CliResult inspect = await server.Cli.RunAsync("token", "inspect", tampered);
        Assert.Equal(ExitCodes.Failure, inspect.ExitCode);
        Assert.Contains("signature: invalid", inspect.Stdout);
        Assert.Contains("tools:admin", inspect.Stdout);
    }

    [Fact]
    public async Task Inspect_AfterExpiry_SaysExpiredAndExitsOne()
    {
        string token = await IssueTokenAsync("expired-bot");
        var later = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddHours(3));

        CliResult inspect = await server.Cli.WithTime(later).RunAsync("token", "inspect", token);
        Assert.Equal(ExitCodes.Failure, inspect.ExitCode);
        Assert.Contains("signature: valid", inspect.Stdout);
        Assert.Matches(@"expired \d+h( \d+m)? ago", inspect.Stdout);
        Assert.Contains("verdict: INVALID (the token has expired)", inspect.Stdout);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJFUzI1NiIsImtpZCI6IsMoIn0.eyJzdWIiOiJhIn0.AAAA")]   // header kid: bytes C3 28, not UTF-8
    [InlineData("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJcdWQ4MDAifQ.AAAA")]   // payload sub: an escaped lone surrogate
    public async Task Inspect_Garbage_ExitsOneWithOneLine(string token)
    {
        CliResult inspect = await server.Cli.RunAsync("token", "inspect", token);
        inspect.AssertOneLineError(ExitCodes.Failure);
        Assert.DoesNotContain("unexpected", inspect.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> IssueTokenAsync(string name)
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync(name, "tools:read");
        return (await server.Cli.GetTokenAsync(agent)).AssertOk().Stdout.Trim();
    }

    private static byte[] Base64UrlDecode(string text) =>
        Base64Url.TryDecode(text, out byte[] bytes) ? bytes : throw new FormatException(text);
}
