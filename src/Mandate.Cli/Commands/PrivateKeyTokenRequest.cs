// RFC 7523 §2.2 private_key_jwt through Mandate.Agent's MandateTokenClient: the same code path agents
// use, with retries off so a CLI failure is reported at once.
using System.Text.Json.Nodes;
using Mandate.Agent;
using Microsoft.Extensions.Options;

namespace Mandate.Cli.Commands;

/// <summary>Gets a token for an agent that authenticates with a private key instead of a secret.</summary>
internal static class PrivateKeyTokenRequest
{
    /// <summary>Requests a token; returns the token response as <c>{access_token, token_type, expires_in, scope}</c>.</summary>
    /// <returns>The response. Throws <see cref="CliException"/>: 2 bad key file, 3 unreachable, 4 rejected credentials, 1 other errors.</returns>
    public static async Task<JsonObject> RequestAsync(
        CliContext context, Uri issuer, Uri tokenEndpoint, string clientId, string privateKeyPath, string? scope, string? resource,
        CancellationToken cancellationToken)
    {
        string path = context.ResolvePath(privateKeyPath);
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"--private-key: {path} not found");
        }

        var options = new MandateTokenClientOptions
        {
            Issuer = issuer,
            TokenEndpoint = tokenEndpoint,
            ClientId = clientId,
            PrivateKeyJwk = await File.ReadAllTextAsync(path, cancellationToken),
            TimeProvider = context.TimeProvider,
            Retry = new MandateRetryOptions { MaxAttempts = 1 },
        };

        using HttpClient http = context.CreateHttpClient();
        try
        {
            using var client = new MandateTokenClient(http, options);
            TokenRequestParameters parameters = new(scope, resource is null ? null : new Uri(resource, UriKind.Absolute));
            AccessToken token = await client.GetTokenAsync(parameters, cancellationToken);
            long expiresIn = (long)Math.Max(0, (token.ExpiresAt - context.TimeProvider.GetUtcNow()).TotalSeconds);
            return new JsonObject
            {
                ["access_token"] = token.Value,
                ["token_type"] = token.TokenType,
                ["expires_in"] = expiresIn,
                ["scope"] = token.Scope,
            };
        }
        catch (OptionsValidationException exception)
        {
            throw CliException.Usage("cannot use --private-key: " + string.Join(" ", exception.Failures));
        }
        catch (MandateTokenException exception) when (exception.StatusCode is null && exception.IsTransient)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the Mandate server at {tokenEndpoint.GetLeftPart(UriPartial.Authority)}");
        }
        catch (MandateTokenException exception)
        {
            int code = exception.Error is "invalid_client" or "unauthorized_client" ? ExitCodes.AuthenticationFailed : ExitCodes.Failure;
            string detail = exception.ErrorDescription is null ? exception.Error : $"{exception.Error} ({exception.ErrorDescription})";
            throw new CliException(code, "token request failed: " + detail);
        }
    }
}
