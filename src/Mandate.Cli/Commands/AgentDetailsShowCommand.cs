using System.CommandLine;
using Mandate.Cli.Admin;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent details show ID [--json]</c>: GET /admin/agents/{id}/authorization-details-types.</summary>
internal static class AgentDetailsShowCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("show", "Show the authorization_details types registered for an agent.") { id, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            var document = await client.GetAsync(AgentDetailsTypes.Path(parseResult.GetRequiredValue(id)), cancellationToken);
            AgentDetailsTypes.Write(context.Output, document, parseResult.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }
}
