using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent orphans [--json]</c>: GET /admin/agents/orphans. Lists agents that expired or have not obtained a
/// token for the server's OrphanAfter period, with owner and last use, so someone can decommission them.
/// </summary>
internal static class AgentOrphansCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("orphans", "List orphaned agents (expired, or unused for the server's OrphanAfter) with owner and last use.") { json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement orphans = await client.GetAsync("admin/agents/orphans", cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(orphans));
                return ExitCodes.Ok;
            }

            var table = new TableWriter("ID", "NAME", "OWNER", "STATUS", "LAST USED", "REASON");
            foreach (JsonElement orphan in orphans.EnumerateArray())
            {
                table.AddRow(
                    JsonText.GetString(orphan, "id"),
                    JsonText.GetString(orphan, "name"),
                    JsonText.GetString(orphan, "owner") ?? "-",
                    JsonText.GetString(orphan, "status"),
                    AgentView.FormatTimestamp(JsonText.GetTimestamp(orphan, "last_used_at")) ?? "never",
                    JsonText.GetString(orphan, "reason"));
            }

            table.WriteTo(context.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
