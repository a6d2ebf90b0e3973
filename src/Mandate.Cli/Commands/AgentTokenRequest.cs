// RFC 6749 §4.4 client credentials through Mandate.Agent's MandateTokenClient - client_secret_basic or RFC 7523 §2.2
// private_key_jwt, optionally with an RFC 9449 DPoP proof (nonce retry included): the same code path agents use,
// with retries off so a CLI failure is reported at once.
using System.Text.Json.Nodes;
using Mandate.Agent;
using Mandate.Jose.Jws;
using Microsoft.Extensions.Options;
using Mandate.Protocol;

namespace Mandate.Cli.Commands;

/// <summary>Gets a token the way an agent built on Mandate.Agent does.</summary>
internal static class AgentTokenRequest
{
    /// <summary>
    /// Requests a token with <c>credential</c> (a client secret, or a private JWK file for private_key_jwt) and, when
    /// <c>dpopKey</c> is not null, a DPoP proof made with it; returns the token response as
    /// <c>{access_token, token_type, expires_in, scope}</c>, plus <c>dpop_jkt</c> (the proof key's RFC 7638 thumbprint).
    /// A refused request's message starts with <c>failure</c>; with <c>refusalIsAuthentication</c> every refusal exits 4
    /// (an operator's admin login), otherwise only invalid_client / unauthorized_client / access_denied do.
    /// </summary>
    /// <returns>The response. Throws <see cref="CliException"/>: 2 bad key file, 3 unreachable, 4 rejected credentials, 1 other errors.</returns>
    public static async Task<JsonObject> RequestAsync(
        CliContext context, Uri issuer, Uri tokenEndpoint, string clientId, AgentCredential credential, SigningKey? dpopKey,
        string? scope, string? resource, CancellationToken cancellationToken, string failure = "token request failed", bool refusalIsAuthentication = false)
    {
        var options = new MandateTokenClientOptions
        {
            Issuer = issuer,
            TokenEndpoint = tokenEndpoint,
            ClientId = clientId,
            ClientSecret = credential.Secret,
            PrivateKeyJwk = credential.PrivateKeyPath is null ? null : await ReadKeyAsync(context, credential.PrivateKeyPath, cancellationToken),
            UseDpop = dpopKey is not null,
            DpopKey = dpopKey,
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
            var issued = new JsonObject
            {
                [OAuthParameters.AccessToken] = token.Value,
                [OAuthParameters.TokenType] = token.TokenType,
                [OAuthParameters.ExpiresIn] = expiresIn,
                [OAuthParameters.Scope] = token.Scope,
            };
            if (client.DpopKeyThumbprint is { } thumbprint)
            {
                issued["dpop_jkt"] = thumbprint;
            }

            return issued;
        }
        catch (OptionsValidationException exception)
        {
            throw CliException.Usage("cannot request a token: " + string.Join(" ", exception.Failures));
        }
        catch (MandateTokenException exception) when (exception.StatusCode is null && exception.IsTransient)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the Mandate server at {tokenEndpoint.GetLeftPart(UriPartial.Authority)}");
        }
        catch (MandateTokenException exception)
        {
            int code = refusalIsAuthentication || exception.Error is OAuthErrorCodes.InvalidClient or OAuthErrorCodes.UnauthorizedClient or "access_denied"
                ? ExitCodes.AuthenticationFailed
                : ExitCodes.Failure;
            string detail = exception.ErrorDescription is null ? exception.Error : $"{exception.Error} ({exception.ErrorDescription})";
            throw new CliException(code, failure + ": " + detail);
        }
    }

    private static async Task<string> ReadKeyAsync(CliContext context, string privateKeyPath, CancellationToken cancellationToken)
    {
        string path = context.ResolvePath(privateKeyPath);
        return File.Exists(path)
            ? await File.ReadAllTextAsync(path, cancellationToken)
            : throw new CliException(ExitCodes.NotFound, $"--private-key: {path} not found");
    }
}
