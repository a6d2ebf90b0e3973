using System.CommandLine;
using Mandate.Cli.Admin;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent details remove ID --type TYPE [--json]</c>: drops one type from the agent's list.</summary>
internal static class AgentDetailsRemoveCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var type = new Option<string>("--type") { Description = "The authorization_details type to remove.", Required = true, HelpName = "TYPE" };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("remove", "Remove one authorization_details type from an agent.") { id, type, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string name = parseResult.GetRequiredValue(type);
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            var stored = await AgentDetailsTypes.ChangeAsync(client, parseResult.GetRequiredValue(id), types => AgentDetailsTypes.Remove(types, name), cancellationToken)
                ?? throw new CliException(ExitCodes.NotFound, $"the agent has no authorization_details type '{name}'");
            AgentDetailsTypes.Write(context.Output, stored, parseResult.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }
}
