using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate admin create NAME --owner EMAIL --scope "mandate:read mandate:agents" [--expires 90d] [--json]</c>: a named
/// operator client: an agent for the admin audience whose scopes are admin scopes, granted by default (so the CLI gets
/// exactly them). Needs <c>mandate:admin</c>.
/// </summary>
internal static class OperatorCreateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var identity = new AgentIdentityOptions("operator client", "alice-cli");
        var scope = new Option<string>("--scope")
        {
            Description = "Space-separated admin scopes: mandate:read, mandate:agents, mandate:keys, mandate:trust, mandate:audit, or mandate:admin (everything).",
            Required = true,
            HelpName = "SCOPES",
        };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("create", "Create a named operator client with least-privilege admin scopes and print its one-time secret (needs mandate:admin).")
        {
            scope, json,
        };
        identity.AddTo(command);
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] scopes = OperatorScopes.Parse(parseResult.GetRequiredValue(scope));
            var body = new JsonObject();
            identity.WriteTo(body, parseResult, context.TimeProvider);

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            body["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)JsonValue.Create(s))]);
            body["default_scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)JsonValue.Create(s))]);
            body["audiences"] = new JsonArray(JsonValue.Create(client.AdminAudience));
            // The CLI authenticates with a client secret and sends no DPoP proof.
            body["dpop"] = "allowed";

            JsonElement created = await client.PostAsync("admin/agents", body, cancellationToken);
            var view = new AgentView(created);
            SecretOutput.Write(context.Output, view, parseResult.GetValue(json),
                $"Created operator {view.Id} ({view.Name}) with {string.Join(' ', scopes)}. Use it with {AdminCredentials.ClientIdVariable} and {AdminCredentials.ClientSecretVariable}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
