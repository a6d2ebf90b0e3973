using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Time;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate trust add NAME --issuer URL [--jwks-uri URL | --jwks FILE] --audience AUD... [--subject-claim CLAIM]
/// [--maps-to-agent ID] [--allowed-subject PATTERN...] [--scope S...] [--max-lifetime 5m] [--max-assertion-lifetime 10m] [--allow-missing-jti]
/// [--json]</c>: POST /admin/trusted-issuers.
/// </summary>
internal static class TrustAddCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Unique name (a-z, 0-9, '.', '_', '-'); part of external subjects." };
        var issuer = new Option<string>("--issuer") { Description = "The issuer's iss value, exactly.", Required = true, HelpName = "URL" };
        var jwksUri = new Option<string?>("--jwks-uri") { Description = "Where the issuer publishes its JWK Set (https).", HelpName = "URL" };
        var jwks = new Option<string?>("--jwks") { Description = "A public JWK Set (or JWK) file with the issuer's keys.", HelpName = "FILE" };
        var audience = Many("--audience", "Accepted aud values of its assertions. Default: this server's issuer and token endpoint.", "AUD");
        var subjectClaim = new Option<string?>("--subject-claim") { Description = "The claim naming the subject. Default: sub.", HelpName = "CLAIM" };
        var mapsTo = new Option<string?>("--maps-to-agent") { Description = "Workload identity: matching assertions authenticate this agent.", HelpName = "ID" };
        var subjects = Many("--allowed-subject", "Accepted subjects: exact, or a prefix ending in '*'. Default: any (required with --maps-to-agent).", "PATTERN");
        var scope = Many("--scope", "Scopes tokens derived from this issuer may carry. Default: none.", "S");
        var maxLifetime = new Option<string?>("--max-lifetime") { Description = "Maximum lifetime of tokens derived from it, e.g. 5m. Default: 5m (capped by the server).", HelpName = "DURATION" };
        var maxAssertion = new Option<string?>("--max-assertion-lifetime") { Description = "Maximum exp - now of its assertions, e.g. 10m. Default: 10m.", HelpName = "DURATION" };
        var allowMissingJti = new Option<bool>("--allow-missing-jti") { Description = "Accept assertions without jti (many JWT-SVIDs have none); their lifetime is then at most 5m. Default: jti required." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("add", "Trust an external issuer (OpenID provider or workload identity system).")
        {
            name, issuer, jwksUri, jwks, audience, subjectClaim, mapsTo, subjects, scope, maxLifetime, maxAssertion, allowMissingJti, json,
        };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string? uri = parseResult.GetValue(jwksUri);
            string? file = parseResult.GetValue(jwks);
            if ((uri is null) == (file is null))
            {
                throw CliException.Usage("give exactly one of --jwks-uri and --jwks");
            }

            var body = new JsonObject
            {
                ["name"] = parseResult.GetRequiredValue(name).Trim(),
                ["issuer"] = parseResult.GetRequiredValue(issuer).Trim(),
                ["audiences"] = ToArray(parseResult.GetValue(audience)),
                ["allowed_subjects"] = ToArray(parseResult.GetValue(subjects)),
                ["scopes"] = ToArray((parseResult.GetValue(scope) ?? []).SelectMany(static s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries))),
            };
            if (uri is not null)
            {
                body["jwks_uri"] = uri;
            }
            else
            {
                body["jwks"] = PublicJwksFile.Read(context.ResolvePath(file!));
            }

            if (parseResult.GetValue(subjectClaim) is { } claim)
            {
                body["subject_claim"] = claim;
            }

            if (parseResult.GetValue(mapsTo) is { } agentId)
            {
                body["maps_to_agent"] = agentId;
            }

            if (parseResult.GetValue(maxLifetime) is { } lifetime)
            {
                body["max_token_lifetime_seconds"] = (long)DurationParser.ParseOption(lifetime, "--max-lifetime").TotalSeconds;
            }

            if (parseResult.GetValue(maxAssertion) is { } assertion)
            {
                body["max_assertion_lifetime_seconds"] = (long)DurationParser.ParseOption(assertion, "--max-assertion-lifetime").TotalSeconds;
            }

            if (parseResult.GetValue(allowMissingJti))
            {
                body["require_jti"] = false;
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement created = await client.PostAsync("admin/trusted-issuers", body, cancellationToken);
            context.Output.WriteLine(parseResult.GetValue(json)
                ? JsonText.ToIndentedJson(created)
                : $"Trusted issuer {JsonText.GetString(created, "name")} added ({JsonText.GetString(created, "issuer")}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string[]> Many(string name, string description, string helpName) =>
        new(name) { Description = description + " Repeatable.", HelpName = helpName, AllowMultipleArgumentsPerToken = true };

    private static JsonArray ToArray(IEnumerable<string>? values) => [.. (values ?? []).Select(v => (JsonNode?)JsonValue.Create(v))];
}
