using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent details set|show|remove</c>: the agent's RFC 9396 authorization details types
/// (GET/PUT /admin/agents/{id}/authorization-details-types).</summary>
internal static class AgentDetailsCommand
{
    /// <summary>Creates the command group.</summary>
    public static Command Create(CliContext context) => new("details", "Manage the RFC 9396 authorization_details types an agent may request.")
    {
        AgentDetailsSetCommand.Create(context),
        AgentDetailsShowCommand.Create(context),
        AgentDetailsRemoveCommand.Create(context),
    };
}
