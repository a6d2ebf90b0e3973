using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Output;
using Mandate.Cli.Time;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate agent create NAME --scope "a b" [--audience URI]... --owner EMAIL [--token-lifetime 5m]
/// [--expires 90d] [--jwks FILE] [--default-scope "a"] [--grant-type GT]... [--dpop required|allowed] [--json]</c>: POST /admin/agents, then print the
/// client id and the one-time secret.
/// </summary>
internal static class AgentCreateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var identity = new AgentIdentityOptions("agent");
        var scope = new Option<string>("--scope") { Description = "Space-separated scopes the agent may be granted.", Required = true, HelpName = "SCOPES" };
        var audience = new Option<string[]>("--audience") { Description = "An API (absolute URI) the agent may get tokens for; repeat for several.", HelpName = "URI" };
        var lifetime = new Option<string?>("--token-lifetime") { Description = "Access token lifetime, e.g. 5m: at least 5s and at most the server's maximum (MaxAccessTokenLifetime, default 1h); a longer one is refused. Default: the server's default (5m).", HelpName = "DURATION" };
        var jwks = new Option<string?>("--jwks") { Description = "Public JWK or JWK Set file for private_key_jwt; no secret is issued.", HelpName = "FILE" };
        var defaultScope = new Option<string?>("--default-scope") { Description = "Space-separated scopes granted when a request names none.", HelpName = "SCOPES" };
        var grantType = new Option<string[]>("--grant-type") { Description = "A grant type the agent may use (e.g. urn:ietf:params:oauth:grant-type:token-exchange); repeat for several. Default: client_credentials.", HelpName = "GRANT_TYPE" };
        var dpop = new Option<string?>("--dpop")
        {
            Description = "required: the agent's tokens must be DPoP-bound (RFC 9449), a request without a proof is refused; allowed: Bearer or DPoP. Default: the server's Dpop:DefaultRequirement.",
            HelpName = "required|allowed",
        };
        dpop.AcceptOnlyFromAmong("required", "allowed");
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("create", "Register an agent and print its client id and one-time secret.")
        {
            scope, audience, lifetime, jwks, defaultScope, grantType, dpop, json,
        };
        identity.AddTo(command);
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = new JsonObject();
            identity.WriteTo(body, parseResult, context.TimeProvider);
            body["scopes"] = ToArray(SplitScopes(parseResult.GetRequiredValue(scope), "--scope"));
            body["audiences"] = ToArray(ParseAudiences(parseResult.GetValue(audience) ?? []));

            if (parseResult.GetValue(defaultScope) is { } defaults)
            {
                body["default_scopes"] = ToArray(SplitScopes(defaults, "--default-scope"));
            }

            if (parseResult.GetValue(grantType) is { Length: > 0 } grantTypes)
            {
                // The server checks each value against the grants it supports (400: exit 2).
                body["grant_types"] = ToArray(grantTypes);
            }

            if (parseResult.GetValue(lifetime) is { } lifetimeText)
            {
                body["token_lifetime_seconds"] = (long)DurationParser.ParseOption(lifetimeText, "--token-lifetime").TotalSeconds;
            }

            if (parseResult.GetValue(dpop) is { } dpopRequirement)
            {
                body["dpop"] = dpopRequirement;
            }

            if (parseResult.GetValue(jwks) is { } jwksPath)
            {
                body["jwks"] = PublicJwksFile.Read(context.ResolvePath(jwksPath));
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement created = await client.PostAsync("admin/agents", body, cancellationToken);
            var view = new AgentView(created);
            SecretOutput.Write(context.Output, view, parseResult.GetValue(json), $"Created agent {view.Id} ({view.Name}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string[] SplitScopes(string value, string optionName)
    {
        string[] scopes = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return scopes.Length == 0 ? throw CliException.Usage($"{optionName} must name at least one scope") : scopes;
    }

    private static string[] ParseAudiences(string[] values)
    {
        foreach (string value in values)
        {
            // RFC 8707 §2: a resource is an absolute URI without a fragment.
            if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Fragment.Length > 0)
            {
                throw CliException.Usage($"--audience: '{value}' is not an absolute URI without a fragment");
            }
        }

        return values;
    }

    private static JsonArray ToArray(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
