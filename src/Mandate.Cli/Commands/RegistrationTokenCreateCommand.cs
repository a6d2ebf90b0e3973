using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Time;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate registration token create --scope "a b" --audience URI... --expires 7d [--max-uses N] [--owner EMAIL]
/// [--grant-type GT]... [--json]</c>: POST /admin/registration-tokens, then print the initial access token once
/// (RFC 7591 §3). Clients registered with it get at most its scopes, audiences and grant types.
/// </summary>
internal static class RegistrationTokenCreateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var scope = new Option<string>("--scope") { Description = "Space-separated scopes registered clients may be allowed.", Required = true, HelpName = "SCOPES" };
        var audience = new Option<string[]>("--audience") { Description = "An API (absolute URI) registered clients may get tokens for; repeat for several.", Required = true, HelpName = "URI" };
        var expires = new Option<string>("--expires") { Description = "How long the token opens registration, e.g. 24h or 7d (the server caps it; default cap 30d).", Required = true, HelpName = "DURATION" };
        var maxUses = new Option<int?>("--max-uses") { Description = "How many clients it may register (1 for a single-use token). Default: no limit until it expires.", HelpName = "N" };
        var owner = new Option<string?>("--owner") { Description = "The owner given to registered clients; without it each client must name one first in its contacts.", HelpName = "EMAIL" };
        var grantType = new Option<string[]>("--grant-type") { Description = "A grant type registered clients may use; repeat for several. Default: client_credentials.", HelpName = "GRANT_TYPE" };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("create", "Create an initial access token for dynamic client registration and print it once.")
        {
            scope, audience, expires, maxUses, owner, grantType, json,
        };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] scopes = parseResult.GetRequiredValue(scope).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (scopes.Length == 0)
            {
                throw CliException.Usage("--scope must name at least one scope");
            }

            string[] audiences = parseResult.GetValue(audience) ?? [];
            foreach (string value in audiences)
            {
                // RFC 8707 §2: a resource is an absolute URI without a fragment.
                if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Fragment.Length > 0)
                {
                    throw CliException.Usage($"--audience: '{value}' is not an absolute URI without a fragment");
                }
            }

            if (parseResult.GetValue(maxUses) is < 1)
            {
                throw CliException.Usage("--max-uses must be at least 1");
            }

            var body = new JsonObject
            {
                ["scopes"] = ToArray(scopes),
                ["audiences"] = ToArray(audiences),
                ["expires_in_seconds"] = (long)DurationParser.ParseOption(parseResult.GetRequiredValue(expires), "--expires").TotalSeconds,
            };
            if (parseResult.GetValue(maxUses) is { } uses)
            {
                body["max_uses"] = uses;
            }

            if (parseResult.GetValue(owner) is { } ownerText)
            {
                body["owner"] = string.IsNullOrWhiteSpace(ownerText) ? throw CliException.Usage("--owner must not be empty") : ownerText.Trim();
            }

            if (parseResult.GetValue(grantType) is { Length: > 0 } grantTypes)
            {
                body["grant_types"] = ToArray(grantTypes);
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement created = await client.PostAsync("admin/registration-tokens", body, cancellationToken);
            string id = JsonText.GetString(created, "id") ?? "";
            string token = JsonText.GetString(created, "token") ?? "";
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(new JsonObject { ["id"] = id, ["token"] = token, ["expires_at"] = JsonText.GetString(created, "expires_at") }));
                return ExitCodes.Ok;
            }

            context.Output.WriteLine($"Created initial access token {id} (expires {JsonText.GetString(created, "expires_at")}).");
            context.Output.WriteLine($"token: {token}");
            context.Output.WriteLine("Store this token now: it is not shown again. Clients send it as a Bearer token to POST /register.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonArray ToArray(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
