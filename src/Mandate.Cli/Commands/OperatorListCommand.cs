using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate admin list [--json]</c>: the operator clients (agents for the admin audience) with their scopes.
/// Needs <c>mandate:read</c>.</summary>
internal static class OperatorListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("list", "List the operator clients and their admin scopes (needs mandate:read).") { json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            var operators = new List<JsonElement>();
            await foreach (JsonElement page in client.GetPagesAsync("admin/agents", cancellationToken))
            {
                if (page.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                operators.AddRange(page.EnumerateArray().Where(agent => OperatorScopes.IsOperator(agent, client.AdminAudience)).Select(agent => agent.Clone()));
            }

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(operators));
                return ExitCodes.Ok;
            }

            var table = new TableWriter("ID", "NAME", "OWNER", "STATUS", "SCOPES");
            foreach (JsonElement agent in operators)
            {
                table.AddRow(
                    JsonText.GetString(agent, "id"),
                    JsonText.GetString(agent, "name"),
                    JsonText.GetString(agent, "owner"),
                    JsonText.GetString(agent, "status"),
                    agent.TryGetProperty("scopes", out var scopes) ? string.Join(' ', scopes.EnumerateArray().Select(s => s.GetString())) : "");
            }

            table.WriteTo(context.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
