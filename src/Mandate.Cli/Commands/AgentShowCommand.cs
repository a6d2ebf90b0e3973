using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent show ID [--json]</c>: GET /admin/agents/{id} and its enforced policy, GET /admin/agents/{id}/monitoring
/// (request limits, allowed hours and networks with their modes). <c>--json</c> prints the agent object with the policy
/// under <c>"monitoring"</c>.
/// </summary>
internal static class AgentShowCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("show", "Show every field of one agent, with its request limits and allowed hours and networks.") { id, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string path = AdminCommandRunner.AgentPath(parseResult.GetRequiredValue(id));
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement agent = await client.GetAsync(path, cancellationToken);
            JsonElement monitoring = await client.GetAsync(path + "/monitoring", cancellationToken);
            if (parseResult.GetValue(json))
            {
                var combined = System.Text.Json.Nodes.JsonNode.Parse(agent.GetRawText())!.AsObject();
                combined["monitoring"] = System.Text.Json.Nodes.JsonNode.Parse(monitoring.GetRawText());
                context.Output.WriteLine(JsonText.ToIndentedJson(combined));
            }
            else
            {
                var view = new AgentView(agent);
                view.WriteDetails(context.Output);
                AgentView.WritePolicy(context.Output, monitoring);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
