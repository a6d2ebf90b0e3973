using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent list [--json]</c>: GET /admin/agents, as a table or the server's JSON array.</summary>
internal static class AgentListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("list", "List all agents: id, name, owner, status, scopes, audiences, expiry, last use.") { json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement agents = await client.GetAsync("admin/agents", cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(agents));
                return ExitCodes.Ok;
            }

            // Accept both a bare array (docs §4) and an {"agents": [...]} envelope.
            JsonElement items = agents.ValueKind == JsonValueKind.Object && agents.TryGetProperty("agents", out JsonElement inner) ? inner : agents;
            TableWriter table = AgentView.CreateTable();
            if (items.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement agent in items.EnumerateArray())
                {
                    new AgentView(agent).AddRowTo(table);
                }
            }

            table.WriteTo(context.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
