using System.CommandLine;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent details set ID --type TYPE --fields a,b[,c] [--allow FIELD=v1,v2]... [--json]</c>: adds or
/// replaces one RFC 9396 type of the agent (its other types stay).</summary>
internal static class AgentDetailsSetCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var type = new Option<string>("--type") { Description = "The authorization_details type, e.g. agent_task (one of the server's supported types).", Required = true, HelpName = "TYPE" };
        var fields = new Option<string>("--fields") { Description = "Comma-separated fields an object of this type may carry besides type.", Required = true, HelpName = "FIELDS" };
        var allow = new Option<string[]>("--allow") { Description = "Restrict a field to these string values, e.g. environment=prod,staging; repeat for several fields.", HelpName = "FIELD=VALUES" };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("set", "Register (or replace) one authorization_details type for an agent.") { id, type, fields, allow, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string agentId = parseResult.GetRequiredValue(id);
            var entry = new JsonObject
            {
                ["type"] = parseResult.GetRequiredValue(type),
                ["fields"] = ToArray(Split(parseResult.GetRequiredValue(fields), "--fields")),
            };
            var allowed = ParseAllowed(parseResult.GetValue(allow) ?? []);
            if (allowed.Count > 0)
            {
                entry["allowed_values"] = allowed;
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            var stored = await AgentDetailsTypes.ChangeAsync(client, agentId, types =>
            {
                AgentDetailsTypes.Remove(types, entry["type"]!.GetValue<string>());
                types.Add(entry);
                return true;
            }, cancellationToken);
            AgentDetailsTypes.Write(context.Output, stored!.Value, parseResult.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonObject ParseAllowed(string[] values)
    {
        var result = new JsonObject();
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw CliException.Usage($"--allow: '{value}' is not FIELD=VALUE[,VALUE...]");
            }

            result[value[..equals]] = ToArray(Split(value[(equals + 1)..], "--allow"));
        }

        return result;
    }

    private static string[] Split(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 ? parts : throw CliException.Usage($"{option} must name at least one value");
    }

    private static JsonArray ToArray(string[] values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }
}
