using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class AgentMonitorCommandTests(ServeFixture server)
{
    [Fact]
    public async Task Monitor_SetsPolicy_ShowPrintsIt_JsonRoundTrips()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("monitored-bot");

        CliResult set = (await server.Cli.RunAsync(
            "agent", "monitor", agent.ClientId, "--hours", "08-18", "--zone", "Europe/Paris",
            "--allow-cidr", "10.0.0.0/8", "--allow-cidr", "192.168.0.0/16", "--json")).AssertOk();
        var json = JsonDocument.Parse(set.Stdout).RootElement;
        Assert.Equal("08-18", json.GetProperty("allowed_hours").GetString());
        Assert.Equal(2, json.GetProperty("allowed_cidrs").GetArrayLength());
        Assert.False(json.GetProperty("auto_suspend").GetBoolean());

        // Options not given keep their value; --auto-suspend changes only that.
        (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--auto-suspend", "true")).AssertOk();
        CliResult show = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId)).AssertOk();

        Assert.Contains("08-18 (Europe/Paris)", show.Stdout);
        Assert.Contains("10.0.0.0/8, 192.168.0.0/16", show.Stdout);
        Assert.Contains("Auto-suspend:  on", show.Stdout);
    }

    [Fact]
    public async Task Monitor_RuleModes_DefaultEnforce_FlagsSetAlertOnly_BadModeIsAUsageError()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("mode-bot");

        CliResult set = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--allow-cidr", "10.0.0.0/8", "--json")).AssertOk();
        Assert.Equal("enforce", JsonDocument.Parse(set.Stdout).RootElement.GetProperty("allowed_cidrs_mode").GetString());

        CliResult alert = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--cidrs-mode", "alert", "--hours-mode", "alert", "--json")).AssertOk();
        var json = JsonDocument.Parse(alert.Stdout).RootElement;
        Assert.Equal("alert", json.GetProperty("allowed_cidrs_mode").GetString());
        Assert.Equal("alert", json.GetProperty("allowed_hours_mode").GetString());
        Assert.Equal("10.0.0.0/8", json.GetProperty("allowed_cidrs")[0].GetString());

        CliResult show = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId)).AssertOk();
        Assert.Contains("Allowed CIDRs: 10.0.0.0/8 [alert]", show.Stdout);
        (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--cidrs-mode", "log")).AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Monitor_TokenLimits_SetShownCleared_BadValueIsAUsageError()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("limited-bot");

        CliResult set = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--tokens-per-minute", "30", "--tokens-per-day", "5000", "--json")).AssertOk();
        var json = JsonDocument.Parse(set.Stdout).RootElement;
        Assert.Equal(30, json.GetProperty("tokens_per_minute").GetInt32());
        Assert.Equal(5000, json.GetProperty("tokens_per_day").GetInt32());
        Assert.Contains("Token limits:  30/minute, 5000/day", (await server.Cli.RunAsync("agent", "monitor", agent.ClientId)).AssertOk().Stdout);

        CliResult cleared = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--tokens-per-minute", "none", "--json")).AssertOk();
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(cleared.Stdout).RootElement.GetProperty("tokens_per_minute").ValueKind);
        (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--tokens-per-day", "lots")).AssertOneLineError(ExitCodes.Usage);
        (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--tokens-per-day", "0")).AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Monitor_MaxTokenFamilies_SetShownWithLiveCount_Cleared_NegativeIsAUsageError()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("family-limited-bot");

        CliResult set = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--max-token-families", "3", "--json")).AssertOk();
        var json = JsonDocument.Parse(set.Stdout).RootElement;
        Assert.Equal(3, json.GetProperty("max_token_families").GetInt32());
        Assert.Equal(0, json.GetProperty("live_token_families").GetInt32());
        Assert.Contains("3 live refresh-token families (0 live now)", (await server.Cli.RunAsync("agent", "monitor", agent.ClientId)).AssertOk().Stdout);

        CliResult cleared = (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--max-token-families", "none", "--json")).AssertOk();
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(cleared.Stdout).RootElement.GetProperty("max_token_families").ValueKind);
        (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--max-token-families", "-1")).AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Monitor_BadHours_ExitsTwoWithOneLine_UnknownAgentExitsFive()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("badly-monitored-bot");

        (await server.Cli.RunAsync("agent", "monitor", agent.ClientId, "--hours", "25-26")).AssertOneLineError(ExitCodes.Usage);
        (await server.Cli.RunAsync("agent", "monitor", "agt_nobody")).AssertOneLineError(ExitCodes.NotFound);
    }

    [Fact]
    public async Task Audit_TypeAlert_ListsTheAlertOfAnOutOfPolicyRequest()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("greedy-bot");
        (await server.Cli.GetTokenAsync(agent, null, "--scope", "tools:read payroll:write")).AssertOneLineError(ExitCodes.Failure);

        // Alerts are raised off the request path, right after the denial is committed.
        CliResult result = null!;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            result = (await server.Cli.RunAsync("audit", "--agent", agent.ClientId, "--type", "alert.", "--json")).AssertOk();
            if (result.Stdout.Contains("alert.out_of_policy", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100);
        }

        var record = JsonDocument.Parse(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]).RootElement;
        Assert.Equal("alert.out_of_policy", record.GetProperty("type").GetString());
    }
}
