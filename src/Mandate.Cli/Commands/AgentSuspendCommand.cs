using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent suspend ID [--json]</c>: POST /admin/agents/{id}/suspend.</summary>
internal static class AgentSuspendCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) =>
        AdminCommandRunner.CreateAgentTransition(
            context, "suspend", "Suspend an agent: its token requests fail until it is resumed.", "suspended");
}
