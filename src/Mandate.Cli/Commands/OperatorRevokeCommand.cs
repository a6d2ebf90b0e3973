using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate admin revoke ID</c>: decommissions an operator client (its tokens stop working at once). Needs
/// <c>mandate:admin</c>; refuses an agent that is not an operator, so it is never a way to decommission an ordinary agent
/// by mistake.</summary>
internal static class OperatorRevokeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The operator client's id (agt_...), as listed by 'admin list'." };
        var admin = new CommonOptions.Admin();
        var command = new Command("revoke", "Decommission an operator client: its tokens stop working at once (needs mandate:admin).") { id };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string agentId = parseResult.GetRequiredValue(id).Trim();
            if (agentId.Length == 0)
            {
                throw CliException.Usage("ID must not be empty");
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            await RevokeAsync(client, agentId, cancellationToken);
            context.Output.WriteLine($"Operator {agentId} decommissioned.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Decommissions <paramref name="agentId"/> after checking it is an operator.</summary>
    public static async Task RevokeAsync(AdminApiClient client, string agentId, CancellationToken cancellationToken)
    {
        string path = "admin/agents/" + Uri.EscapeDataString(agentId);
        JsonElement agent = await client.GetAsync(path, cancellationToken);
        if (!OperatorScopes.IsOperator(agent, client.AdminAudience))
        {
            throw CliException.Usage($"{agentId} is not an operator client (use 'mandate agent decommission' for agents)");
        }

        await client.PostAsync(path + "/decommission", null, cancellationToken);
    }
}
