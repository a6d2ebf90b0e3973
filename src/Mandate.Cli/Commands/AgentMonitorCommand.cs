using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent monitor ID [--hours 08-18|any] [--zone ZONE|utc] [--allow-cidr CIDR|any]... [--auto-suspend true|false] [--json]</c>:
/// shows (no option) or changes (GET, merge, PUT) the agent's anomaly-monitoring policy at <c>/admin/agents/{id}/monitoring</c>.
/// </summary>
internal static class AgentMonitorCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var hours = new Option<string>("--hours") { Description = "Allowed hours HH-HH (start inclusive, end exclusive, may wrap past midnight), or 'any'." };
        var zone = new Option<string>("--zone") { Description = "IANA time zone of --hours, e.g. Europe/Paris, or 'utc'." };
        var cidrs = new Option<string[]>("--allow-cidr") { Description = "A CIDR block the agent may call from (repeat for several; replaces the list), or 'any'.", AllowMultipleArgumentsPerToken = false };
        var autoSuspend = new Option<bool?>("--auto-suspend") { Description = "Let a high-severity alert suspend this agent (the server's Anomaly.AutoSuspend must be on too)." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("monitor", "Show or set an agent's anomaly-monitoring policy: allowed hours, allowed networks, auto-suspend.")
        {
            id, hours, zone, cidrs, autoSuspend, json,
        };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string path = AdminCommandRunner.AgentPath(parseResult.GetRequiredValue(id), "monitoring");
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement policy = await client.GetAsync(path, cancellationToken);
            string? newHours = parseResult.GetValue(hours);
            string? newZone = parseResult.GetValue(zone);
            string[]? newCidrs = parseResult.GetValue(cidrs);
            bool? newAutoSuspend = parseResult.GetValue(autoSuspend);
            if (newHours is not null || newZone is not null || newCidrs is { Length: > 0 } || newAutoSuspend is not null)
            {
                var body = JsonNode.Parse(policy.GetRawText())!.AsObject();
                body.Remove("agent_id");
                body.Remove("updated_at");
                if (newHours is not null)
                {
                    body["allowed_hours"] = IsAny(newHours) ? null : newHours;
                }

                if (newZone is not null)
                {
                    body["time_zone"] = string.Equals(newZone, "utc", StringComparison.OrdinalIgnoreCase) ? null : newZone;
                }

                if (newCidrs is { Length: > 0 })
                {
                    var list = new JsonArray();
                    foreach (var cidr in newCidrs)
                    {
                        if (!IsAny(cidr))
                        {
                            list.Add(cidr);
                        }
                    }

                    body["allowed_cidrs"] = list;
                }

                if (newAutoSuspend is { } auto)
                {
                    body["auto_suspend"] = auto;
                }

                policy = await client.PutAsync(path, body, cancellationToken);
            }

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(policy));
            }
            else
            {
                Write(context.Output, policy);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool IsAny(string value) => string.Equals(value, "any", StringComparison.OrdinalIgnoreCase);

    private static void Write(TextWriter output, JsonElement policy)
    {
        string? Text(string name) => policy.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var cidrs = policy.TryGetProperty("allowed_cidrs", out var list) && list.ValueKind == JsonValueKind.Array
            ? string.Join(", ", list.EnumerateArray().Select(static c => c.GetString()))
            : "";
        output.WriteLine($"Agent:         {Text("agent_id")}");
        output.WriteLine($"Allowed hours: {Text("allowed_hours") ?? "any"} ({Text("time_zone") ?? "UTC"})");
        output.WriteLine($"Allowed CIDRs: {(cidrs.Length == 0 ? "any" : cidrs)}");
        output.WriteLine($"Auto-suspend:  {(policy.TryGetProperty("auto_suspend", out var auto) && auto.ValueKind == JsonValueKind.True ? "on" : "off")}");
    }
}
