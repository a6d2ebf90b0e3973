using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>agent list</c> follows the admin API's next-page links page by page, with the owner and status filters.</summary>
[Collection(ServerCollection.Name)]
public sealed class AgentListPagingTests(ServeFixture server)
{
    [Fact]
    public async Task List_PageSizeTwo_FiveAgentsOfOneOwner_EveryAgentOnceInJsonAndTable()
    {
        string owner = "pager-" + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            CliResult created = (await server.Cli.RunAsync(
                "agent", "create", "paged-" + i, "--scope", "tools:read", "--audience", CliRunnerExtensions.Api, "--owner", owner, "--json")).AssertOk();
            ids.Add(AgentCredentials.Parse(created.Stdout).ClientId);
        }

        CliResult json = (await server.Cli.RunAsync("agent", "list", "--owner", owner, "--page-size", "2", "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(ids.Order(), document.RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order());

        CliResult table = (await server.Cli.RunAsync("agent", "list", "--owner", owner, "--page-size", "2")).AssertOk();
        string[] lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("ID", StringComparison.Ordinal));
        Assert.All(ids, id => Assert.Single(lines, l => l.StartsWith(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task List_StatusFilter_OnlySuspendedAgentsOfTheOwner_EmptyListIsAnEmptyArray()
    {
        string owner = "status-" + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        string kept = AgentCredentials.Parse((await server.Cli.RunAsync(
            "agent", "create", "kept", "--scope", "tools:read", "--audience", CliRunnerExtensions.Api, "--owner", owner, "--json")).AssertOk().Stdout).ClientId;
        string suspended = AgentCredentials.Parse((await server.Cli.RunAsync(
            "agent", "create", "paused", "--scope", "tools:read", "--audience", CliRunnerExtensions.Api, "--owner", owner, "--json")).AssertOk().Stdout).ClientId;
        (await server.Cli.RunAsync("agent", "suspend", suspended)).AssertOk();

        CliResult json = (await server.Cli.RunAsync("agent", "list", "--owner", owner, "--status", "suspended", "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(suspended, Assert.Single(document.RootElement.EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain(kept, json.Stdout, StringComparison.Ordinal);

        CliResult none = (await server.Cli.RunAsync("agent", "list", "--owner", owner, "--status", "decommissioned", "--json")).AssertOk();
        using JsonDocument empty = JsonDocument.Parse(none.Stdout);
        Assert.Equal(0, empty.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task List_BadFilters_OneLineUsageError()
    {
        (await server.Cli.RunAsync("agent", "list", "--status", "sleeping")).AssertOneLineError(ExitCodes.Usage);
        (await server.Cli.RunAsync("agent", "list", "--page-size", "0")).AssertOneLineError(ExitCodes.Usage);
        (await server.Cli.RunAsync("agent", "orphans", "--reason", "lonely")).AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Orphans_ReasonFilter_PartitionsTheUnfilteredList()
    {
        string[] all = await OrphanReasonsAsync();
        string[] expired = await OrphanReasonsAsync("--reason", "expired");
        string[] unused = await OrphanReasonsAsync("--reason", "unused");

        Assert.All(expired, r => Assert.Equal("expired", r));
        Assert.All(unused, r => Assert.Equal("unused", r));
        Assert.Equal(all.Length, expired.Length + unused.Length);
    }

    private async Task<string[]> OrphanReasonsAsync(params string[] filter)
    {
        CliResult json = (await server.Cli.RunAsync(["agent", "orphans", .. filter, "--json"])).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        return [.. document.RootElement.EnumerateArray().Select(o => o.GetProperty("reason").GetString()!)];
    }
}
