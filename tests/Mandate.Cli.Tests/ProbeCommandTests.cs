using Mandate.Cli.Tests.Infrastructure;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Xunit.Abstractions;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate probe</c> against a correct API, a misconfigured one and a broken one. Own server: keys are imported.</summary>
public sealed class ProbeCommandTests(ServeFixture server, ITestOutputHelper output) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task CorrectApi_WithTrustedSigningKey_RejectsEveryCase()
    {
        string signingKey = await ImportActiveKeyAsync();
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartMandateBearerAsync(server.Url, port);

        CliResult result = await ProbeAsync(api, agent, "--signing-key", signingKey);

        result.AssertOk();
        string[] lines = Lines(result);
        Assert.StartsWith("accepted  a valid token (HTTP 200)", lines[0]);
        string[] cases = [.. lines.Where(l => l.StartsWith("rejected  ", StringComparison.Ordinal) || l.StartsWith("ACCEPTED  ", StringComparison.Ordinal))];
        Assert.True(cases.Length >= 25, result.Stdout);
        Assert.All(cases, l => Assert.StartsWith("rejected  ", l));
        Assert.Contains(lines, l => l.StartsWith("rejected  alg None", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("rejected  wrong audience", StringComparison.Ordinal));
        Assert.Contains($"{cases.Length} cases: {cases.Length} rejected, 0 accepted", result.Stdout);
        Assert.Contains("rejected  header that is not UTF-8 (HTTP 401)", result.Stdout);
        Assert.Contains("rejected  header with an escaped lone surrogate (HTTP 401)", result.Stdout);
        Assert.DoesNotContain("server error", result.Stdout);
        Assert.DoesNotContain("fetched the attacker's JWKS", result.Stdout);
    }

    [Fact]
    public async Task CorrectApi_WithoutSigningKey_RejectsEveryCaseAndSaysSo()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartMandateBearerAsync(server.Url, port);

        CliResult result = (await ProbeAsync(api, agent)).AssertOk();
        Assert.DoesNotContain("ACCEPTED", result.Stdout);
        Assert.Contains("pass --signing-key", result.Stdout);
    }

    [Fact]
    public async Task JwtBearerWithoutAudienceCheck_ReportsAcceptedAndExitsOne()
    {
        string signingKey = await ImportActiveKeyAsync();
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartJwtBearerWithoutAudienceCheckAsync(server.Url, port);

        CliResult result = await ProbeAsync(api, agent, "--signing-key", signingKey);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("ACCEPTED  wrong audience", result.Stdout);
        Assert.Contains("ACCEPTED  missing aud", result.Stdout);
        Assert.Contains("rejected  alg none", result.Stdout);
        Assert.Contains("rejected  HS256 keyed with the issuer's public JWK", result.Stdout);
        Assert.Matches(@"\d+ cases: \d+ rejected, [1-9]\d* accepted", result.Stdout);
    }

    [Fact]
    public async Task ApiAcceptingAnyAuthorization_ReportsAcceptedWithoutSigningKey()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartAcceptingAnyAuthorizationAsync(port);

        CliResult result = await ProbeAsync(api, agent);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("ACCEPTED  alg none", result.Stdout);
        Assert.Contains("ACCEPTED  wrong scheme Basic", result.Stdout);
        Assert.Contains("rejected  no token", result.Stdout);
        Assert.Contains("rejected  token in the query string", result.Stdout);
    }

    [Fact]
    public async Task ApiFailingOnANonUnicodeHeader_IsReportedAsAServerError()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartFailingOnNonUnicodeHeaderAsync(port);

        CliResult result = await ProbeAsync(api, agent);

        Assert.Contains("rejected  header that is not UTF-8 (HTTP 500)", result.Stdout);
        Assert.Contains("rejected  header with an escaped lone surrogate (HTTP 500)", result.Stdout);
        Assert.Contains("warning: 2 case(s) got a server error (HTTP 5xx) instead of 401", result.Stdout);
    }

    [Fact]
    public async Task ApiRefusingTheRealToken_ExitsOneWithExplanation()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        // The API trusts another issuer, so even the real token is refused.
        await using ProtectedApi api = await ProtectedApi.StartMandateBearerAsync(server.Url + "/wrong-issuer", port);

        CliResult result = await ProbeAsync(api, agent);
        result.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("the API did not accept a valid token: HTTP 401", result.Stderr);
    }

    [Theory(DisplayName = "RFC 9449 §7: probe --dpop against an API that requires DPoP rejects every DPoP case, with and without API nonces")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DpopApi_RejectsEveryDpopCase(bool requireNonce)
    {
        string signingKey = await ImportActiveKeyAsync();
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartMandateDpopAsync(server.Url, port, requireNonce);

        CliResult result = (await ProbeAsync(api, agent, "--signing-key", signingKey, "--dpop")).AssertOk();

        Assert.StartsWith("accepted  a valid DPoP-bound token with its proof (HTTP 200)", result.Stdout);
        string[] dpopCases = [.. Lines(result).Where(l => l.Contains("  DPoP: ", StringComparison.Ordinal))];
        Assert.Equal(11, dpopCases.Length);
        Assert.All(dpopCases, l => Assert.StartsWith("rejected  ", l));
        foreach (string name in (string[])["bound token sent as Bearer, no proof", "proof for another method (POST)", "proof for another URL",
            "replayed proof (jti already used)", "proof signed by another key (not cnf.jkt)", "proof without ath"])
        {
            Assert.Contains($"rejected  DPoP: {name} (HTTP 401)", result.Stdout);
        }

        Assert.Contains("rejected  wrong audience (HTTP 401)", result.Stdout);
        Assert.DoesNotContain("ACCEPTED", result.Stdout);
        Assert.DoesNotContain("server error", result.Stdout);
    }

    [Fact]
    public async Task DpopProbe_ApiAcceptingAnyAuthorization_ReportsDpopCasesAccepted()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartAcceptingAnyAuthorizationAsync(port);

        CliResult result = await ProbeAsync(api, agent, "--dpop");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("ACCEPTED  DPoP: bound token sent as Bearer, no proof", result.Stdout);
        Assert.Contains("ACCEPTED  DPoP: replayed proof (jti already used)", result.Stdout);
        Assert.Contains("ACCEPTED  DPoP: proof signed by another key (not cnf.jkt)", result.Stdout);
    }

    [Fact]
    public async Task DpopProbe_BearerOnlyApi_ExitsOneWithExplanation()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartJwtBearerWithoutAudienceCheckAsync(server.Url, port);

        CliResult result = await ProbeAsync(api, agent, "--dpop");
        result.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("the API did not accept a valid DPoP-bound token and proof: HTTP 401", result.Stderr);
    }

    [Fact]
    public async Task NothingListening_ExitsThree()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);

        CliResult result = await server.Cli.RunAsync(
            "probe", "--api", $"http://127.0.0.1:{port}", "--issuer", server.Url,
            "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret!, "--scope", "tools:read");
        result.AssertOneLineError(ExitCodes.Unreachable);
        Assert.Contains("cannot reach the API", result.Stderr);
    }

    private async Task<CliResult> ProbeAsync(ProtectedApi api, AgentCredentials agent, params string[] extra)
    {
        CliResult result = await server.Cli.RunAsync([
            "probe", "--api", api.Url, "--issuer", server.Url, "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret!,
            "--scope", "tools:read", "--path", ProtectedApi.Path, .. extra]);
        output.WriteLine(result.Stdout);
        output.WriteLine(result.Stderr);
        return result;
    }

    private async Task<AgentCredentials> CreateAgentForAsync(int port)
    {
        CliResult created = (await server.Cli.RunAsync(
            "agent", "create", "probe-bot", "--scope", "tools:read", "--audience", $"http://127.0.0.1:{port}", "--owner", "team@example.com", "--json")).AssertOk();
        return AgentCredentials.Parse(created.Stdout);
    }

    private async Task<string> ImportActiveKeyAsync()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        string file = Path.Combine(server.Root, $"trusted-{key.KeyId}.json");
        await File.WriteAllTextAsync(file, key.ExportPrivateJwk().ToJson());
        (await server.Cli.RunAsync("key", "import", file, "--activate")).AssertOk();
        return file;
    }

    private static string[] Lines(CliResult result) => result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
