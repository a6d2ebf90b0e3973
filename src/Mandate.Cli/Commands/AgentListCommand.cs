using System.CommandLine;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent list [--owner EMAIL] [--status S] [--page-size N] [--json]</c>: GET /admin/agents page by page,
/// as a table or one JSON array.
/// </summary>
internal static class AgentListCommand
{
    /// <summary>Creates the command.</summary>
    // Accepts both a bare array (architecture §4) and an {"agents": [...]} envelope.
    public static Command Create(CliContext context) => AdminListCommand.Create(
        context, "list", "List all agents: id, name, owner, status, scopes, audiences, expiry, last use.", "admin/agents", "agents",
        AgentView.CreateTable,
        static (table, agent) => new AgentView(agent).AddRowTo(table),
        new AgentListFilters());
}
