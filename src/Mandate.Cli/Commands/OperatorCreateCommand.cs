using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Output;
using Mandate.Cli.Time;

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
        var name = new Argument<string>("NAME") { Description = "Display name of the operator client, e.g. alice-cli." };
        var owner = new Option<string>("--owner") { Description = "The person accountable for the operator client (required).", Required = true, HelpName = "EMAIL" };
        var scope = new Option<string>("--scope")
        {
            Description = "Space-separated admin scopes: mandate:read, mandate:agents, mandate:keys, mandate:trust, mandate:audit, or mandate:admin (everything).",
            Required = true,
            HelpName = "SCOPES",
        };
        var expires = new Option<string?>("--expires") { Description = "Expiry from now, e.g. 90d. Default: the server's DefaultAgentLifetime.", HelpName = "DURATION" };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("create", "Create a named operator client with least-privilege admin scopes and print its one-time secret (needs mandate:admin).")
        {
            name, owner, scope, expires, json,
        };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] scopes = OperatorScopes.Parse(parseResult.GetRequiredValue(scope));
            string ownerText = parseResult.GetRequiredValue(owner).Trim();
            string nameText = parseResult.GetRequiredValue(name).Trim();
            if (nameText.Length == 0 || ownerText.Length == 0)
            {
                throw CliException.Usage("NAME and --owner must not be empty");
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            var body = new JsonObject
            {
                ["name"] = nameText,
                ["owner"] = ownerText,
                ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)JsonValue.Create(s))]),
                ["default_scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)JsonValue.Create(s))]),
                ["audiences"] = new JsonArray(JsonValue.Create(client.AdminAudience)),
                // The CLI authenticates with a client secret and sends no DPoP proof.
                ["dpop"] = "allowed",
            };
            if (parseResult.GetValue(expires) is { } expiresText)
            {
                DateTimeOffset expiresAt = context.TimeProvider.GetUtcNow() + DurationParser.ParseOption(expiresText, "--expires");
                body["expires_at"] = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }

            JsonElement created = await client.PostAsync("admin/agents", body, cancellationToken);
            var view = new AgentView(created);
            SecretOutput.Write(context.Output, view, parseResult.GetValue(json),
                $"Created operator {view.Id} ({view.Name}) with {string.Join(' ', scopes)}. Use it with {AdminCredentials.ClientIdVariable} and {AdminCredentials.ClientSecretVariable}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
