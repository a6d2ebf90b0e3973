using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate agent details set|show|remove</c> against a running server (docs/cli.md).</summary>
public sealed class AgentDetailsCommandTests(DetailsServeFixture server) : IClassFixture<DetailsServeFixture>
{
    [Fact]
    public async Task Set_Show_Remove_RoundTrip()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("details-bot");

        CliResult set = (await server.Cli.RunAsync(
            "agent", "details", "set", agent.ClientId, "--type", "agent_task", "--fields", "task_id,mode,environment", "--allow", "environment=prod,staging")).AssertOk();
        Assert.Contains("agent_task  fields: task_id, mode, environment  allowed: environment=prod|staging", set.Stdout);

        CliResult json = (await server.Cli.RunAsync("agent", "details", "show", agent.ClientId, "--json")).AssertOk();
        using (JsonDocument document = JsonDocument.Parse(json.Stdout))
        {
            JsonElement type = Assert.Single(document.RootElement.GetProperty("types").EnumerateArray());
            Assert.Equal(["task_id", "mode", "environment"], type.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        }

        // set again replaces the type rather than adding a second one.
        (await server.Cli.RunAsync("agent", "details", "set", agent.ClientId, "--type", "agent_task", "--fields", "task_id")).AssertOk();
        CliResult replaced = (await server.Cli.RunAsync("agent", "details", "show", agent.ClientId)).AssertOk();
        Assert.Equal("agent_task  fields: task_id", replaced.Stdout.Trim());

        (await server.Cli.RunAsync("agent", "details", "remove", agent.ClientId, "--type", "agent_task")).AssertOk();
        CliResult empty = (await server.Cli.RunAsync("agent", "details", "show", agent.ClientId)).AssertOk();
        Assert.Contains("No authorization_details types are registered.", empty.Stdout);
    }

    [Fact]
    public async Task Set_UnsupportedType_IsUsageError()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("details-bot-2");

        (await server.Cli.RunAsync("agent", "details", "set", agent.ClientId, "--type", "payment", "--fields", "amount")).AssertOneLineError(2);
    }

    [Fact]
    public async Task Set_MalformedAllow_IsUsageError()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("details-bot-3");

        (await server.Cli.RunAsync("agent", "details", "set", agent.ClientId, "--type", "agent_task", "--fields", "mode", "--allow", "mode")).AssertOneLineError(2);
    }

    [Fact]
    public async Task Show_UnknownAgent_IsNotFound()
    {
        (await server.Cli.RunAsync("agent", "details", "show", "agt_nobody")).AssertOneLineError(5);
    }

    [Fact]
    public async Task Remove_UnregisteredType_IsNotFound()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("details-bot-4");

        (await server.Cli.RunAsync("agent", "details", "remove", agent.ClientId, "--type", "agent_task")).AssertOneLineError(5);
    }
}
