using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent decommission ID [--json]</c>: POST /admin/agents/{id}/decommission.</summary>
internal static class AgentDecommissionCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) =>
        AdminCommandRunner.CreateAgentTransition(context, "decommission", "Decommission an agent permanently; it can never be resumed.", "decommissioned");
}
