using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;
using Mandate.Cli.Time;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate audit [--agent ID] [--since 1h] [--type TYPE] [--limit N] [--reverse] [--json]</c>: pages through
/// GET /admin/audit, newest first (the newest N records); <c>--reverse</c> prints the oldest first (with <c>--since</c>:
/// from that moment on). <c>--json</c> prints one compact JSON object per line (JSON Lines), ready for export;
/// otherwise a table.
/// </summary>
internal static class AuditCommand
{
    private const int PageSize = 1000;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var agent = new Option<string?>("--agent") { Description = "Only records of this agent (its id or client id).", HelpName = "ID" };
        var since = new Option<string?>("--since") { Description = "Only records from this long ago until now, e.g. 15m, 1h, 7d.", HelpName = "DURATION" };
        var type = new Option<string?>("--type") { Description = "Only this event type (e.g. token.issued), or a family ending in '.' (e.g. token.).", HelpName = "TYPE" };
        var limit = new Option<int>("--limit") { Description = "Most records to print: the newest N (the oldest N with --reverse). Default: 1000.", HelpName = "N", DefaultValueFactory = _ => 1000 };
        var reverse = new Option<bool>("--reverse") { Description = "Oldest first: the oldest records that match (with --since, from that moment on)." };
        var json = new Option<bool>("--json") { Description = "Print JSON Lines: one audit record object per line." };
        var admin = new CommonOptions.Admin();
        var command = new Command("audit", "Query and export the audit log (admin API).") { agent, since, type, limit, reverse, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int max = parseResult.GetValue(limit);
            if (max < 1)
            {
                throw CliException.Usage("--limit must be at least 1");
            }

            var filters = new List<string>();
            if (parseResult.GetValue(agent) is { Length: > 0 } agentId)
            {
                filters.Add("agent=" + Uri.EscapeDataString(agentId));
            }

            if (parseResult.GetValue(since) is { } sinceText)
            {
                if (!DurationParser.TryParse(sinceText, out TimeSpan duration))
                {
                    throw CliException.Usage("--since must be a duration such as 15m, 1h or 7d");
                }

                // Sent as seconds back from the server's now, so CLI and server clocks need not agree.
                filters.Add("since=" + ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
            }

            if (parseResult.GetValue(type) is { Length: > 0 } typeName)
            {
                filters.Add("type=" + Uri.EscapeDataString(typeName));
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            bool asJson = parseResult.GetValue(json);
            TableWriter table = new("TIME", "TYPE", "AGENT", "JTI", "SCOPE", "AUDIENCE", "ERROR", "REASON", "ADDRESS");
            bool oldestFirst = parseResult.GetValue(reverse);
            string order = oldestFirst ? "order=oldest" : "order=newest";
            string cursorName = oldestFirst ? "after" : "before";
            int printed = 0;
            long? cursor = null;
            do
            {
                int pageSize = Math.Min(PageSize, max - printed);
                string path = "admin/audit?" + string.Join('&', filters.Append(order).Append("limit=" + pageSize.ToString(CultureInfo.InvariantCulture))
                    .Concat(cursor is { } c ? [cursorName + "=" + c.ToString(CultureInfo.InvariantCulture)] : []));
                JsonElement page = await client.GetAsync(path, cancellationToken);
                if (page.TryGetProperty("records", out JsonElement records) && records.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement record in records.EnumerateArray())
                    {
                        if (asJson)
                        {
                            context.Output.WriteLine(record.GetRawText());
                        }
                        else
                        {
                            AddRow(table, record);
                        }

                        printed++;
                    }
                }

                cursor = JsonText.GetInt64(page, oldestFirst ? "next_after" : "next_before");
            }
            while (cursor is not null && printed < max);

            if (!asJson)
            {
                table.WriteTo(context.Output);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void AddRow(TableWriter table, JsonElement record) => table.AddRow(
        JsonText.GetTimestamp(record, "timestamp")?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        JsonText.GetString(record, "type"),
        JsonText.GetString(record, "agent_id") ?? JsonText.GetString(record, "client_id"),
        JsonText.GetString(record, "jti") ?? JsonText.GetString(record, "kid"),
        JsonText.GetString(record, "scope"),
        JsonText.GetString(record, "aud"),
        JsonText.GetString(record, "error"),
        JsonText.GetString(record, "reason"),
        JsonText.GetString(record, "client_address"));
}
