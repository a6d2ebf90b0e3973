using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class AuditCommandTests(ServeFixture server)
{
    [Fact]
    public async Task Audit_AgentFilterJson_PrintsJsonLinesOfCreationIssuanceAndDenial_WithoutSecrets()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("audited-bot");
        CliResult token = (await server.Cli.GetTokenAsync(agent, null, "--json")).AssertOk();
        await server.Cli.GetTokenAsync(agent, agent.ClientSecret + "x");

        CliResult result = (await server.Cli.RunAsync("audit", "--agent", agent.ClientId, "--since", "1h", "--reverse", "--json")).AssertOk();

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["admin.agent", "token.issued", "token.denied"], records.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal("created", records[0].GetProperty("reason").GetString());
        Assert.Equal("invalid_client", records[2].GetProperty("error").GetString());
        string accessToken = JsonDocument.Parse(token.Stdout).RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal(JwtPayloadJti(accessToken), records[1].GetProperty("jti").GetString());
        Assert.DoesNotContain(agent.ClientSecret!, result.Stdout);
        Assert.DoesNotContain(accessToken.Split('.')[2], result.Stdout);
    }

    [Fact]
    public async Task Audit_Limit_PrintsTheNewestRecordsNewestFirst_AndReversePrintsTheOldest()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("recent-bot");
        var jtis = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            CliResult token = (await server.Cli.GetTokenAsync(agent, null, "--json")).AssertOk();
            jtis.Add(JwtPayloadJti(JsonDocument.Parse(token.Stdout).RootElement.GetProperty("access_token").GetString()!));
        }

        CliResult newest = (await server.Cli.RunAsync("audit", "--agent", agent.ClientId, "--type", "token.issued", "--limit", "2", "--json")).AssertOk();
        CliResult oldest = (await server.Cli.RunAsync("audit", "--agent", agent.ClientId, "--type", "token.issued", "--limit", "2", "--reverse", "--json")).AssertOk();

        Assert.Equal([jtis[2], jtis[1]], Jtis(newest));
        Assert.Equal([jtis[0], jtis[1]], Jtis(oldest));
    }

    [Fact]
    public async Task Audit_Default_PrintsEveryRecordNewestFirst()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("paged-audit-bot");
        for (var i = 0; i < 3; i++)
        {
            (await server.Cli.GetTokenAsync(agent)).AssertOk();
        }

        // Four records (creation and three issuances), newest first.
        CliResult all = (await server.Cli.RunAsync("audit", "--agent", agent.ClientId, "--json")).AssertOk();
        var types = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(["token.issued", "token.issued", "token.issued", "admin.agent"], types);
    }

    private static List<string?> Jtis(CliResult result) => result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("jti").GetString()).ToList();

    [Fact]
    public async Task Audit_TypeFilter_TableShowsOnlyThatType()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("typed-bot");
        (await server.Cli.GetTokenAsync(agent)).AssertOk();

        CliResult result = (await server.Cli.RunAsync("audit", "--agent", agent.ClientId, "--type", "token.issued")).AssertOk();

        var rows = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TIME", rows[0]);
        Assert.Single(rows.Skip(1));
        Assert.Contains("token.issued", rows[1]);
        Assert.Contains(agent.ClientId, rows[1]);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--limit", "0")]
    public async Task Audit_BadOption_IsAUsageError(string option, string value)
    {
        CliResult result = await server.Cli.RunAsync("audit", option, value);
        result.AssertOneLineError(ExitCodes.Usage);
    }

    private static string JwtPayloadJti(string jwt)
    {
        Assert.True(Mandate.Jose.Base64Url.TryDecode(jwt.Split('.')[1], out byte[] payload));
        return JsonDocument.Parse(payload).RootElement.GetProperty("jti").GetString()!;
    }
}
