using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate agent update ID --dpop required|allowed [--json]</c>: PATCH /admin/agents/{id}, then print the
/// agent.</summary>
internal static class AgentUpdateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var dpop = new Option<string>("--dpop")
        {
            HelpName = "required|allowed",
            Description = "required: the agent's token requests must carry a DPoP proof (RFC 9449), a request without one is refused; allowed: Bearer or DPoP.",
            Required = true,
        };
        dpop.AcceptOnlyFromAmong("required", "allowed");
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("update", "Change an agent's settings after creation: whether its tokens must be DPoP-bound.") { id, dpop, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string path = AdminCommandRunner.AgentPath(parseResult.GetRequiredValue(id));
            var body = new JsonObject { ["dpop"] = parseResult.GetRequiredValue(dpop) };
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement agent = await client.PatchAsync(path, body, cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(agent));
            }
            else
            {
                context.Output.WriteLine($"Agent {JsonText.GetString(agent, "id")} updated; dpop: {JsonText.GetString(agent, "dpop") ?? "server default"}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
