// Shared first steps of /revoke (RFC 7009 §2.1) and /introspect (RFC 7662 §2.1): form POST without duplicate
// parameters -> client authentication (same rules as /token) -> the token parameter -> no undeclared parameters.
using Mandate.Protocol;
using Mandate.Server.ClientAuthentication;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Endpoints;

internal static class TokenActionRequest
{
    /// <summary>Returns the authenticated caller and the token, or writes the error response and returns nulls.</summary>
    public static async Task<(Agent? Caller, string? Token)> ReadAsync(HttpContext context, ClientAuthenticationStep authentication, int maxBodySize, ILogger logger)
    {
        var cancellationToken = context.RequestAborted;
        var authorization = context.Request.Headers.Authorization;
        var authorizationValue = authorization.Count == 1 ? authorization[0] : authorization.Count == 0 ? null : "";
        var (parameters, formError) = await TokenRequestReader.ReadAsync(context.Request, maxBodySize, cancellationToken).ConfigureAwait(false);
        if (parameters is null)
        {
            await OAuthErrorResult.ForTokenEndpoint(formError!, authorizationValue is not null).ExecuteAsync(context).ConfigureAwait(false);
            return (null, null);
        }

        var (authenticated, method) = await authentication.AuthenticateAsync(parameters, authorizationValue, cancellationToken).ConfigureAwait(false);
        if (!authenticated.Succeeded)
        {
            Log.ClientAuthenticationFailed(logger, method ?? "none", authenticated.ClaimedClientId, authenticated.FailureReason ?? "");
            await OAuthErrorResult.ForTokenEndpoint(authenticated.Error!, authorizationValue is not null).ExecuteAsync(context).ConfigureAwait(false);
            return (null, null);
        }

        var error = Check(parameters);
        if (error is not null)
        {
            await OAuthErrorResult.ForTokenEndpoint(error, false).ExecuteAsync(context).ConfigureAwait(false);
            return (null, null);
        }

        return (authenticated.Client, parameters[OAuthParameters.Token][0]);
    }

    private static OAuthError? Check(Dictionary<string, StringValues> parameters)
    {
        if (!parameters.ContainsKey(OAuthParameters.Token))
        {
            return ErrorDescriptions.MissingToken;
        }

        foreach (var name in parameters.Keys)
        {
            // RFC 7009 §2.1 / RFC 7662 §2.1: token_type_hint is optional and only a hint; Mandate has one token type
            // to look up, so any hint value is accepted and ignored (an unknown hint is not an error: §2.1 says the
            // server "will search across all of its supported token types").
            if (name is not OAuthParameters.Token and not OAuthParameters.TokenTypeHint && !ClientAuthenticationStep.IsAuthenticationParameter(name))
            {
                return ErrorDescriptions.UndeclaredTokenParameter;
            }
        }

        return null;
    }
}
