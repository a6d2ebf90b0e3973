using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class AgentCommandTests(ServeFixture server)
{
    [Fact]
    public async Task Create_Text_PrintsIdSecretAndStoreNowWarning()
    {
        CliResult result = (await server.Cli.RunAsync(
            "agent", "create", "billing-bot", "--scope", "invoices:read", "--audience", CliRunnerExtensions.Api,
            "--owner", "alice@example.com", "--token-lifetime", "2m", "--expires", "90d")).AssertOk();

        Assert.Matches(@"client_id:\s+agt_", result.Stdout);
        Assert.Matches(@"client_secret:\s+mnd_", result.Stdout);
        Assert.Contains("Store this secret now: it is not shown again.", result.Stdout);
    }

    [Fact]
    public async Task Create_Json_IsExactlyClientIdAndSecret()
    {
        CliResult result = (await server.Cli.RunAsync(
            "agent", "create", "json-bot", "--scope", "a b", "--audience", CliRunnerExtensions.Api, "--owner", "team@example.com", "--json")).AssertOk();

        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        string[] names = [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["client_id", "client_secret"], names);
        Assert.StartsWith("agt_", document.RootElement.GetProperty("client_id").GetString());
        Assert.StartsWith("mnd_", document.RootElement.GetProperty("client_secret").GetString());
    }

    [Fact]
    public async Task Create_GrantType_IsRegisteredAndUnknownOnesExitTwo()
    {
        CliResult created = (await server.Cli.RunAsync(
            "agent", "create", "delegating-bot", "--scope", "a", "--audience", CliRunnerExtensions.Api, "--owner", "team@example.com",
            "--grant-type", "client_credentials", "--grant-type", "urn:ietf:params:oauth:grant-type:token-exchange", "--json")).AssertOk();
        using JsonDocument credentials = JsonDocument.Parse(created.Stdout);
        string id = credentials.RootElement.GetProperty("client_id").GetString()!;

        CliResult shown = (await server.Cli.RunAsync("agent", "show", id, "--json")).AssertOk();
        using JsonDocument agent = JsonDocument.Parse(shown.Stdout);
        Assert.Equal(
            ["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
            agent.RootElement.GetProperty("grant_types").EnumerateArray().Select(g => g.GetString()!).ToArray());

        CliResult refused = await server.Cli.RunAsync(
            "agent", "create", "odd-bot", "--scope", "a", "--audience", CliRunnerExtensions.Api, "--owner", "team@example.com", "--grant-type", "password");
        refused.AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task List_ShowsCreatedAgentInTableAndJson()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("listed-bot");

        CliResult table = (await server.Cli.RunAsync("agent", "list")).AssertOk();
        string header = table.Stdout.Split('\n')[0];
        foreach (string column in new[] { "ID", "NAME", "OWNER", "STATUS", "SCOPES", "AUDIENCES", "EXPIRES", "LAST USED" })
        {
            Assert.Contains(column, header);
        }

        string row = Assert.Single(table.Stdout.Split('\n'), l => l.StartsWith(agent.ClientId, StringComparison.Ordinal));
        Assert.Contains("listed-bot", row);
        Assert.Contains("active", row, StringComparison.OrdinalIgnoreCase);

        CliResult json = (await server.Cli.RunAsync("agent", "list", "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.Contains(document.RootElement.EnumerateArray(), a => a.GetProperty("id").GetString() == agent.ClientId);
        Assert.DoesNotContain("secret_hash", json.Stdout);
    }

    [Fact]
    public async Task Show_PrintsTheAgentsLimitsAndAllowedNetworks_TextAndJson()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("limited-bot", "tools:read");
        CliResult before = (await server.Cli.RunAsync("agent", "show", agent.ClientId)).AssertOk();
        Assert.Matches(@"tokens/minute:\s+no limit", before.Stdout);

        (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--tokens-per-minute", "30", "--tokens-per-day", "5000",
            "--allow-cidr", "10.0.0.0/8", "--cidrs-mode", "alert")).AssertOk();

        CliResult text = (await server.Cli.RunAsync("agent", "show", agent.ClientId)).AssertOk();
        Assert.Matches(@"tokens/minute:\s+30", text.Stdout);
        Assert.Matches(@"tokens/day:\s+5000", text.Stdout);
        Assert.Matches(@"token_families:\s+no limit \(0 live\)", text.Stdout);
        Assert.Matches(@"networks:\s+10\.0\.0\.0/8 \(alert\)", text.Stdout);

        CliResult json = (await server.Cli.RunAsync("agent", "show", agent.ClientId, "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(30, document.RootElement.GetProperty("monitoring").GetProperty("tokens_per_minute").GetInt32());
        Assert.Equal("limited-bot", document.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Show_PrintsFieldsAndJson()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("shown-bot", "tools:read");

        CliResult text = (await server.Cli.RunAsync("agent", "show", agent.ClientId)).AssertOk();
        Assert.Contains("shown-bot", text.Stdout);
        Assert.Contains("tools:read", text.Stdout);
        Assert.Contains(CliRunnerExtensions.Api, text.Stdout);
        Assert.DoesNotContain(agent.ClientSecret!, text.Stdout);

        CliResult json = (await server.Cli.RunAsync("agent", "show", agent.ClientId, "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("shown-bot", document.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Show_UnknownId_ExitsFiveWithOneLine()
    {
        CliResult result = await server.Cli.RunAsync("agent", "show", "agt_doesnotexist");
        result.AssertOneLineError(ExitCodes.NotFound);
        Assert.Contains("agt_doesnotexist", result.Stderr);
    }

    [Fact]
    public async Task AdminCommand_WithoutServerSetting_UsesIssuerFromCredentialsFile()
    {
        CliResult result = await new CliRunner(server.Root).RunAsync("agent", "list");
        result.AssertOk();
        Assert.Contains("mandate-admin", result.Stdout);
    }

    [Fact]
    public async Task AdminCommand_WrongCredentials_ExitsFour()
    {
        CliResult result = await server.Cli
            .WithEnvironment(("MANDATE_ADMIN_CLIENT_ID", "agt_wrong"), ("MANDATE_ADMIN_CLIENT_SECRET", "mnd_wrong"))
            .RunAsync("agent", "list");
        result.AssertOneLineError(ExitCodes.AuthenticationFailed);
        Assert.DoesNotContain("mnd_wrong", result.Stderr);
    }

    [Fact]
    public async Task Create_WithJwks_IssuesNoSecret()
    {
        using var key = Mandate.Jose.Jws.SigningKey.Generate(Mandate.Jose.Algorithms.SignatureAlgorithm.ES256);
        string file = Path.Combine(server.Root, "agent-public-key.json");
        await File.WriteAllTextAsync(file, key.PublicJwk.ToJson());

        CliResult json = (await server.Cli.RunAsync(
            "agent", "create", "key-only-bot", "--scope", "a", "--audience", CliRunnerExtensions.Api, "--owner", "team@example.com", "--jwks", file, "--json")).AssertOk();
        AgentCredentials agent = AgentCredentials.Parse(json.Stdout);
        Assert.Null(agent.ClientSecret);

        CliResult show = (await server.Cli.RunAsync("agent", "show", agent.ClientId)).AssertOk();
        Assert.Matches(@"has_jwks:\s+yes", show.Stdout);
        Assert.Matches(@"has_secret:\s+no", show.Stdout);
    }

    [Fact]
    public async Task KeyOnlyAgent_TokenGetWithPrivateKey_IsValid()
    {
        using var key = Mandate.Jose.Jws.SigningKey.Generate(Mandate.Jose.Algorithms.SignatureAlgorithm.ES256);
        string publicFile = Path.Combine(server.Root, "pkjwt-public.json");
        string privateFile = Path.Combine(server.Root, "pkjwt-private.json");
        await File.WriteAllTextAsync(publicFile, key.PublicJwk.ToJson());
        await File.WriteAllTextAsync(privateFile, key.ExportPrivateJwk().ToJson());
        CliResult created = (await server.Cli.RunAsync(
            "agent", "create", "pkjwt-bot", "--scope", "tools:read", "--audience", CliRunnerExtensions.Api, "--owner", "team@example.com", "--jwks", publicFile, "--json")).AssertOk();
        AgentCredentials agent = AgentCredentials.Parse(created.Stdout);

        CliResult token = (await server.Cli.RunAsync(
            "token", "get", "--client-id", agent.ClientId, "--private-key", privateFile, "--scope", "tools:read",
            "--resource", CliRunnerExtensions.Api, "--json")).AssertOk();
        using var document = System.Text.Json.JsonDocument.Parse(token.Stdout);
        string accessToken = document.RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal("Bearer", document.RootElement.GetProperty("token_type").GetString());

        CliResult inspect = (await server.Cli.RunAsync("token", "inspect", accessToken)).AssertOk();
        Assert.Contains(agent.ClientId, inspect.Stdout);

        using var stranger = Mandate.Jose.Jws.SigningKey.Generate(Mandate.Jose.Algorithms.SignatureAlgorithm.ES256);
        string strangerFile = Path.Combine(server.Root, "pkjwt-stranger.json");
        await File.WriteAllTextAsync(strangerFile, stranger.ExportPrivateJwk().ToJson());
        CliResult refused = await server.Cli.RunAsync(
            "token", "get", "--client-id", agent.ClientId, "--private-key", strangerFile, "--scope", "tools:read");
        refused.AssertOneLineError(ExitCodes.AuthenticationFailed);
    }

    [Fact]
    public async Task Create_WithPrivateJwks_ExitsTwo()
    {
        using var key = Mandate.Jose.Jws.SigningKey.Generate(Mandate.Jose.Algorithms.SignatureAlgorithm.ES256);
        string file = Path.Combine(server.Root, "agent-private-key.json");
        await File.WriteAllTextAsync(file, key.ExportPrivateJwk().ToJson());

        CliResult result = await server.Cli.RunAsync("agent", "create", "leaky-bot", "--scope", "a", "--owner", "team@example.com", "--jwks", file);
        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains("private key", result.Stderr);
    }
}
