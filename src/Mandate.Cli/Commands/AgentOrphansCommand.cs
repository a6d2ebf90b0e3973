using System.CommandLine;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent orphans [--reason expired|unused] [--json]</c>: GET /admin/agents/orphans. Lists agents that expired or have not obtained a
/// token for the server's OrphanAfter period, with owner and last use, so someone can decommission them.
/// </summary>
internal static class AgentOrphansCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => AdminListCommand.Create(
        context, "orphans", "List orphaned agents (expired, or unused for the server's OrphanAfter) with owner and last use.",
        "admin/agents/orphans", envelope: null,
        static () => new TableWriter("ID", "NAME", "OWNER", "STATUS", "LAST USED", "REASON"),
        static (table, orphan) => table.AddRow(
            JsonText.GetString(orphan, "id"),
            JsonText.GetString(orphan, "name"),
            JsonText.GetString(orphan, "owner") ?? "-",
            JsonText.GetString(orphan, "status"),
            AgentView.FormatTimestamp(JsonText.GetTimestamp(orphan, "last_used_at")) ?? "never",
            JsonText.GetString(orphan, "reason")),
        new OrphanFilters());
}
