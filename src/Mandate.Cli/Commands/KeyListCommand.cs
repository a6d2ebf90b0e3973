using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate key list [--json]</c>: GET /admin/keys as a table of kid, alg, state and creation time.</summary>
internal static class KeyListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("list", "List the server's signing keys: kid, algorithm, state, creation time.") { json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement keys = await client.GetAsync("admin/keys", cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(keys));
                return ExitCodes.Ok;
            }

            JsonElement items = keys.ValueKind == JsonValueKind.Object && keys.TryGetProperty("keys", out JsonElement inner) ? inner : keys;
            var table = new TableWriter("KID", "ALG", "STATE", "CREATED");
            if (items.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement key in items.EnumerateArray())
                {
                    table.AddRow(
                        JsonText.GetString(key, "kid"),
                        JsonText.GetString(key, "alg"),
                        JsonText.GetString(key, "state"),
                        AgentView.FormatTimestamp(JsonText.GetTimestamp(key, "created_at")));
                }
            }

            table.WriteTo(context.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
