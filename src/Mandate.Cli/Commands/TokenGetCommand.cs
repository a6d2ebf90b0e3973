using System.CommandLine;
using System.Text.Json.Nodes;
using Mandate.Cli.Http;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Protocol;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate token get [--client-id ID] (--client-secret S|- | --private-key FILE) [--scope "a b"] [--resource URI]...
/// [--dpop [--dpop-key FILE]] [--server URL] [--json]</c>: a client credentials token request (RFC 6749 §4.4) with
/// client_secret_basic, or private_key_jwt through Mandate.Agent; prints the access token. With <c>--dpop</c> the token is
/// DPoP-bound (RFC 9449) through Mandate.Agent, and the proof key's RFC 7638 thumbprint is printed first.
/// </summary>
internal static class TokenGetCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var clientId = AgentCredentialInput.ClientIdOption("The agent's client id.");
        var clientSecret = AgentCredentialInput.ClientSecretOption();
        var privateKey = new Option<string?>("--private-key")
        {
            Description = "The agent's private JWK file, for agents registered with --jwks (private_key_jwt).",
            HelpName = "FILE",
        };
        var scope = new Option<string?>("--scope") { Description = "Space-separated scopes to request. Default: the agent's default scopes.", HelpName = "SCOPES" };
        var resource = new Option<string[]>("--resource") { Description = "RFC 8707 resource (the API's URI); one per token.", HelpName = "URI" };
        var dpop = new Option<bool>("--dpop")
        {
            Description = "Get a DPoP-bound token (RFC 9449) and print the proof key's thumbprint (cnf.jkt). The key is generated in memory and gone when the command exits (the token is then only for inspection) unless --dpop-key names one.",
        };
        var dpopKey = new Option<string?>("--dpop-key")
        {
            Description = "The DPoP proof key: a PEM (EC P-256/P-384 or RSA) or private JWK file. Implies --dpop.",
            HelpName = "FILE",
        };
        var issuer = ServerOption.Create(ServerOption.Default, issuerAlias: true);
        var json = CommonOptions.Json();
        var command = new Command("get", "Get an access token with the client credentials grant.") { clientId, clientSecret, privateKey, scope, resource, dpop, dpopKey, issuer, json };
        command.Validators.Add(result =>
        {
            // Exactly one credential: RFC 6749 §2.3 forbids using more than one authentication method. A secret in
            // MANDATE_CLIENT_SECRET counts only when neither option is given.
            bool keyGiven = result.GetValue(privateKey) is not null;
            if (keyGiven ? result.GetValue(clientSecret) is not null : !AgentCredentialInput.HasSecret(result, clientSecret, context))
            {
                result.AddError("Give exactly one of --client-secret (or " + AgentCredentialInput.ClientSecretVariable + ") and --private-key.");
            }

            AgentCredentialInput.Validate(result, clientId, context);
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            Uri issuerUrl = ServerOption.Read(parseResult, issuer, context);
            using HttpClient http = context.CreateHttpClient();
            ServerMetadata metadata = await ServerMetadata.FetchAsync(http, issuerUrl, cancellationToken);
            Uri tokenEndpoint = ServerMetadata.Rebase(metadata.TokenEndpoint, new Uri(metadata.Issuer), issuerUrl);
            string[] resources = parseResult.GetValue(resource) ?? [];
            if (resources.Length > 1)
            {
                // Mandate.Agent, which the CLI shares with agents, asks for one RFC 8707 resource per token.
                throw CliException.Usage("--resource may be given once (one API per token)");
            }

            string? dpopKeyPath = parseResult.GetValue(dpopKey);
            bool useDpop = parseResult.GetValue(dpop) || dpopKeyPath is not null;
            AgentCredential credential = parseResult.GetValue(privateKey) is { } keyPath
                ? new AgentCredential(null, keyPath)
                : new AgentCredential(await AgentCredentialInput.ClientSecretAsync(parseResult, clientSecret, context, cancellationToken), null);
            using SigningKey? proofKey = !useDpop ? null
                : dpopKeyPath is null ? SigningKey.Generate(SignatureAlgorithm.ES256)
                : DpopKeyFile.Load(context, dpopKeyPath);
            JsonObject issued = await AgentTokenRequest.RequestAsync(
                context, issuerUrl, tokenEndpoint, AgentCredentialInput.ClientId(parseResult, clientId, context), credential, proofKey,
                parseResult.GetValue(scope), resources.FirstOrDefault(), cancellationToken);
            WriteIssued(context, issued, parseResult.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }

    // RFC 9449 §6.1: the thumbprint printed is the token's cnf.jkt, so the caller can match the token to its key.
    private static void WriteIssued(CliContext context, JsonObject issued, bool json)
    {
        if (json)
        {
            context.Output.WriteLine(JsonText.ToIndentedJson(issued));
            return;
        }

        if (issued["dpop_jkt"] is { } thumbprint)
        {
            context.Output.WriteLine("dpop_jkt: " + thumbprint.GetValue<string>());
        }

        context.Output.WriteLine(issued[OAuthParameters.AccessToken]!.GetValue<string>());
    }
}
