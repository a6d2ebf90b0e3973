using Mandate.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate probe --revocation</c>: a real token revoked at the issuer (RFC 7009) must be refused by the API
/// within the ttl of its Token Status List (draft-ietf-oauth-status-list §13.7); here the ttl is 1 s.</summary>
public sealed class ProbeRevocationTests(ShortStatusListTtlServeFixture server, ITestOutputHelper output) : IClassFixture<ShortStatusListTtlServeFixture>
{
    [Fact(DisplayName = "draft-ietf-oauth-status-list §8.3: probe --revocation passes against an API that checks the status list")]
    public async Task ApiCheckingStatusList_RejectsRevokedToken()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartMandateBearerWithStatusListAsync(server.Url, port);

        CliResult result = await ProbeAsync(api, agent);

        result.AssertOk();
        Assert.Contains("waiting   up to 6 s (the list's ttl of 1 s + 5 s)", result.Stdout);
        Assert.Matches(@"rejected  revoked, checked through the status list \(HTTP 401 after \d+\.\d s\)", result.Stdout);
        Assert.Matches(@"(\d+) cases: \1 rejected, 0 accepted", result.Stdout);
    }

    [Fact(DisplayName = "probe --revocation reports ACCEPTED (exit 1) when the API ignores the status list")]
    public async Task ApiIgnoringStatusList_AcceptsRevokedToken_ExitsOne()
    {
        int port = FreePort.Next();
        AgentCredentials agent = await CreateAgentForAsync(port);
        await using ProtectedApi api = await ProtectedApi.StartMandateBearerAsync(server.Url, port);

        CliResult result = await ProbeAsync(api, agent);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("ACCEPTED  revoked, checked through the status list (still HTTP 200", result.Stdout);
        Assert.Contains("the list's ttl is 1 s)", result.Stdout);
        Assert.Matches(@"(\d+) cases: \d+ rejected, 1 accepted", result.Stdout);
    }

    private async Task<CliResult> ProbeAsync(ProtectedApi api, AgentCredentials agent)
    {
        CliResult result = await server.Cli.RunAsync([
            "probe", "--api", api.Url, "--issuer", server.Url, "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret!,
            "--scope", "tools:read", "--path", ProtectedApi.Path, "--revocation"]);
        output.WriteLine(result.Stdout);
        output.WriteLine(result.Stderr);
        return result;
    }

    private async Task<AgentCredentials> CreateAgentForAsync(int port)
    {
        CliResult created = (await server.Cli.RunAsync(
            "agent", "create", "probe-revocation-bot", "--scope", "tools:read", "--audience", $"http://127.0.0.1:{port}", "--owner", "team@example.com", "--json")).AssertOk();
        return AgentCredentials.Parse(created.Stdout);
    }
}
