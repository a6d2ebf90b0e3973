using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent rotate-secret ID [--revoke-tokens] [--json]</c>: POST /admin/agents/{id}/rotate-secret. The old
/// secret stops working; the new one is printed once. With <c>--revoke-tokens</c> every token issued to the agent so far
/// is revoked too (<c>?revoke_tokens=true</c>, a per-agent not-before mark pushed through the revocation feed).
/// </summary>
internal static class AgentRotateSecretCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The agent id (agt_...)." };
        var revokeTokens = new Option<bool>("--revoke-tokens") { Description = "Also revoke every access token issued to the agent so far." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("rotate-secret", "Replace an agent's client secret; the old secret stops working at once.") { id, revokeTokens, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string path = AdminCommandRunner.AgentPath(parseResult.GetRequiredValue(id), "rotate-secret")
                + (parseResult.GetValue(revokeTokens) ? "?revoke_tokens=true" : "");
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement agent = await client.PostAsync(path, null, cancellationToken);
            var view = new AgentView(agent);
            SecretOutput.Write(context.Output, view, parseResult.GetValue(json), $"Rotated the secret of agent {view.Id}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
