using System.CommandLine;
using Mandate.Cli.Probe;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate probe --api URL --issuer URL --client-id ID --client-secret S [--scope ...] [--resource URI]
/// [--path /api/tools] [--signing-key FILE] [--dpop] [--revocation]</c>: checks that an API accepts a real token and rejects a
/// catalogue of bad ones; with <c>--dpop</c> the real token is DPoP-bound and the DPoP cases (RFC 9449 §7) are added; with
/// <c>--revocation</c> a revoked token is checked through the status list. Exit 0 when all were rejected, 1 when any was accepted.
/// </summary>
internal static class ProbeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var api = new Option<string>("--api") { Description = "Base URL of the protected API.", Required = true, HelpName = "URL" };
        var issuer = new Option<string>("--issuer") { Description = "The authorization server the API trusts.", Required = true, HelpName = "URL" };
        var clientId = AgentCredentialInput.ClientIdOption("An agent allowed to call the API.");
        var clientSecret = AgentCredentialInput.ClientSecretOption();
        var scope = new Option<string?>("--scope") { Description = "Scopes the API requires. Default: the agent's default scopes.", HelpName = "SCOPES" };
        var resource = new Option<string?>("--resource") { Description = "The API's resource URI (token audience). Default: the --api URL.", HelpName = "URI" };
        var path = new Option<string>("--path") { Description = "Path of a protected endpoint (GET).", HelpName = "PATH", DefaultValueFactory = _ => "/" };
        var signingKey = new Option<string?>("--signing-key")
        {
            Description = "A private JWK the API trusts; bad-claim cases are then signed with it.",
            HelpName = "FILE",
        };
        var dpop = new Option<bool>("--dpop")
        {
            Description = "Use a DPoP-bound token (RFC 9449) with a valid proof on every case, and add the DPoP cases (bound token as Bearer, wrong method/URL, replay, wrong key, missing ath, ...).",
        };
        var revocation = new Option<bool>("--revocation")
        {
            Description = "Also revoke a fresh real token (RFC 7009) and check the API refuses it within its status list's ttl (waits up to ttl + 5 s).",
        };
        var command = new Command("probe", "Attack an API with bad tokens and report which ones it accepts (exit 1 if any).")
        {
            api, issuer, clientId, clientSecret, scope, resource, path, signingKey, dpop, revocation,
        };
        command.Validators.Add(result =>
        {
            AgentCredentialInput.Validate(result, clientId, context);
            if (!AgentCredentialInput.HasSecret(result, clientSecret, context))
            {
                result.AddError("Give --client-secret (or set " + AgentCredentialInput.ClientSecretVariable + ").");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            Uri apiUrl = CommonOptions.ParseUrl(parseResult.GetRequiredValue(api), "--api");
            string pathValue = parseResult.GetValue(path) ?? "/";
            if (!pathValue.StartsWith('/'))
            {
                throw CliException.Usage("--path must start with /");
            }

            var settings = new ProbeSettings(
                new Uri(apiUrl, pathValue),
                CommonOptions.ParseUrl(parseResult.GetRequiredValue(issuer), "--issuer"),
                AgentCredentialInput.ClientId(parseResult, clientId, context),
                await AgentCredentialInput.ClientSecretAsync(parseResult, clientSecret, context, cancellationToken),
                parseResult.GetValue(scope),
                parseResult.GetValue(resource) ?? apiUrl.ToString().TrimEnd('/'),
                parseResult.GetValue(signingKey),
                parseResult.GetValue(dpop),
                parseResult.GetValue(revocation));
            using HttpClient http = context.CreateHttpClient();
            return await new ProbeRunner(context, http).RunAsync(settings, cancellationToken);
        });
        return command;
    }
}
