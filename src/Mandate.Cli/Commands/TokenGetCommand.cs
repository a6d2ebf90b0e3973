using System.CommandLine;
using System.Text.Json.Nodes;
using Mandate.Cli.Http;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate token get [--client-id ID] (--client-secret S|- | --private-key FILE) [--scope "a b"] [--resource URI]...
/// [--server URL] [--json]</c>: a client credentials token request (RFC 6749 §4.4) with client_secret_basic, or
/// private_key_jwt through Mandate.Agent; prints the access token.
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
        var resource = new Option<string[]>("--resource") { Description = "RFC 8707 resource (the API's URI); repeat for several.", HelpName = "URI" };
        var issuer = ServerOption.Create(ServerOption.Default, issuerAlias: true);
        var json = CommonOptions.Json();
        var command = new Command("get", "Get an access token with the client credentials grant.") { clientId, clientSecret, privateKey, scope, resource, issuer, json };
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
            if (parseResult.GetValue(privateKey) is { } keyPath)
            {
                if (resources.Length > 1)
                {
                    throw CliException.Usage("--private-key allows one --resource");
                }

                JsonObject issued = await PrivateKeyTokenRequest.RequestAsync(
                    context, issuerUrl, tokenEndpoint, AgentCredentialInput.ClientId(parseResult, clientId, context), keyPath,
                    parseResult.GetValue(scope), resources.FirstOrDefault(), cancellationToken);
                context.Output.WriteLine(parseResult.GetValue(json) ? JsonText.ToIndentedJson(issued) : issued["access_token"]!.GetValue<string>());
                return ExitCodes.Ok;
            }

            string secret = await AgentCredentialInput.ClientSecretAsync(parseResult, clientSecret, context, cancellationToken);
            TokenResponse response = await new TokenEndpointClient(http).RequestAsync(
                tokenEndpoint, AgentCredentialInput.ClientId(parseResult, clientId, context), secret,
                parseResult.GetValue(scope), resources, cancellationToken);
            if (!response.IsSuccess)
            {
                // RFC 6749 §5.2: invalid_client / unauthorized_client are authentication and authorization failures.
                int code = response.Error is "invalid_client" or "unauthorized_client" or "access_denied"
                    ? ExitCodes.AuthenticationFailed
                    : ExitCodes.Failure;
                throw new CliException(code, "token request failed: " + response.DescribeError());
            }

            context.Output.WriteLine(parseResult.GetValue(json) ? JsonText.ToIndentedJson(response.Json) : response.AccessToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
