using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent resume ID [--json]</c>: POST /admin/agents/{id}/resume.</summary>
internal static class AgentResumeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) =>
        AdminCommandRunner.CreateAgentTransition(context, "resume", "Resume a suspended agent.", "resumed");
}
