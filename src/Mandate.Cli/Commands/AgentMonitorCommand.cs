using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent monitor ID [--hours 08-18|any] [--zone ZONE|utc] [--allow-cidr CIDR|any]... [--hours-mode enforce|alert]
/// [--cidrs-mode enforce|alert] [--auto-suspend true|false] [--json]</c>: shows (no option) or changes (GET, merge, PUT) the
/// agent's access and monitoring policy at <c>/admin/agents/{id}/monitoring</c>.
/// </summary>
internal static class AgentMonitorCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var hours = new Option<string>("--hours") { HelpName = "HH-HH", Description = "Allowed hours HH-HH (start inclusive, end exclusive, may wrap past midnight), or 'any'." };
        var zone = new Option<string>("--zone") { HelpName = "ZONE", Description = "IANA time zone of --hours, e.g. Europe/Paris, or 'utc'." };
        var cidrs = new Option<string[]>("--allow-cidr") { HelpName = "CIDR", Description = "A CIDR block the agent may call from (repeat for several; replaces the list), or 'any'.", AllowMultipleArgumentsPerToken = false };
        var hoursMode = new Option<string>("--hours-mode") { HelpName = "MODE", Description = "enforce: the server refuses tokens outside --hours (default); alert: it only raises an alert." };
        hoursMode.AcceptOnlyFromAmong("enforce", "alert");
        var cidrsMode = new Option<string>("--cidrs-mode") { HelpName = "MODE", Description = "enforce: the server refuses tokens from outside --allow-cidr (default); alert: it only raises an alert." };
        cidrsMode.AcceptOnlyFromAmong("enforce", "alert");
        var perMinute = new Option<string>("--tokens-per-minute") { HelpName = "N", Description = "Most token requests per UTC minute (counted across servers sharing the store), or 'none'." };
        var perDay = new Option<string>("--tokens-per-day") { HelpName = "N", Description = "Most token requests per UTC day (counted across servers sharing the store), or 'none'." };
        var maxFamilies = new Option<string>("--max-token-families") { HelpName = "N", Description = "Most live refresh-token families (not expired, not revoked; counted across servers sharing the store), or 'none'." };
        var autoSuspend = new Option<bool?>("--auto-suspend") { HelpName = "true|false", Description = "Let a high-severity alert suspend this agent (the server's Anomaly.AutoSuspend must be on too)." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("monitor", "Show or set an agent's access and monitoring policy: allowed hours, allowed networks (each enforced or alert only), auto-suspend.")
        {
            id, hours, zone, cidrs, hoursMode, cidrsMode, perMinute, perDay, maxFamilies, autoSuspend, json,
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
            string? newHoursMode = parseResult.GetValue(hoursMode);
            string? newCidrsMode = parseResult.GetValue(cidrsMode);
            string? newPerMinute = parseResult.GetValue(perMinute);
            string? newPerDay = parseResult.GetValue(perDay);
            string? newMaxFamilies = parseResult.GetValue(maxFamilies);
            if (newHours is not null || newZone is not null || newCidrs is { Length: > 0 } || newAutoSuspend is not null
                || newHoursMode is not null || newCidrsMode is not null || newPerMinute is not null || newPerDay is not null || newMaxFamilies is not null)
            {
                var body = JsonNode.Parse(policy.GetRawText())!.AsObject();
                body.Remove("agent_id");
                body.Remove("updated_at");
                body.Remove("live_token_families");
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

                if (newHoursMode is not null)
                {
                    body["allowed_hours_mode"] = newHoursMode;
                }

                if (newCidrsMode is not null)
                {
                    body["allowed_cidrs_mode"] = newCidrsMode;
                }

                if (newPerMinute is not null)
                {
                    body["tokens_per_minute"] = Limit(newPerMinute, "--tokens-per-minute");
                }

                if (newPerDay is not null)
                {
                    body["tokens_per_day"] = Limit(newPerDay, "--tokens-per-day");
                }

                if (newMaxFamilies is not null)
                {
                    body["max_token_families"] = Limit(newMaxFamilies, "--max-token-families");
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

    // 'none' clears the limit; any other non-number is a usage error (exit 2). The server checks the range.
    private static JsonNode? Limit(string value, string option) =>
        string.Equals(value, "none", StringComparison.OrdinalIgnoreCase) ? null
        : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) ? JsonValue.Create(limit)
        : throw CliException.Usage(option + " must be a whole number or 'none'.");

    private static bool IsAny(string value) => string.Equals(value, "any", StringComparison.OrdinalIgnoreCase);

    private static void Write(TextWriter output, JsonElement policy)
    {
        string Count(string name) => policy.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "no limit";
        string? Text(string name) => policy.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var cidrs = policy.TryGetProperty("allowed_cidrs", out var list) && list.ValueKind == JsonValueKind.Array
            ? string.Join(", ", list.EnumerateArray().Select(static c => c.GetString()))
            : "";
        output.WriteLine($"Agent:         {Text("agent_id")}");
        output.WriteLine($"Allowed hours: {Text("allowed_hours") ?? "any"} ({Text("time_zone") ?? "UTC"}) [{Text("allowed_hours_mode") ?? "enforce"}]");
        output.WriteLine($"Allowed CIDRs: {(cidrs.Length == 0 ? "any" : cidrs)} [{Text("allowed_cidrs_mode") ?? "enforce"}]");
        output.WriteLine($"Token limits:  {Count("tokens_per_minute")}/minute, {Count("tokens_per_day")}/day, {Count("max_token_families")} live refresh-token families ({Count("live_token_families")} live now)");
        output.WriteLine($"Auto-suspend:  {(policy.TryGetProperty("auto_suspend", out var auto) && auto.ValueKind == JsonValueKind.True ? "on" : "off")}");
    }
}
