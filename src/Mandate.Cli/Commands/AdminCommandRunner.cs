using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>Shared plumbing for the agent lifecycle commands that take an id and print the agent.</summary>
internal static class AdminCommandRunner
{
    /// <summary>
    /// Builds <c>mandate agent VERB ID</c>: POST <c>/admin/agents/{id}/{verb}</c> and print the resulting agent
    /// (<c>--json</c>: the agent object as returned by the server).
    /// </summary>
    public static Command CreateAgentTransition(CliContext context, string verb, string description, string pastTense)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command(verb, description) { id, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string agentId = parseResult.GetRequiredValue(id);
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement agent = await client.PostAsync(AgentPath(agentId, verb), null, cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(agent));
            }
            else
            {
                var view = new AgentView(agent);
                context.Output.WriteLine($"Agent {view.Id} {pastTense}; status: {view.Status}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The admin path of one agent, with the id escaped: <c>admin/agents/{id}[/{suffix}]</c>.</summary>
    public static string AgentPath(string agentId, string? suffix = null)
    {
        if (string.IsNullOrWhiteSpace(agentId))
        {
            throw CliException.Usage("ID must not be empty");
        }

        string path = "admin/agents/" + Uri.EscapeDataString(agentId);
        return suffix is null ? path : path + "/" + suffix;
    }
}
