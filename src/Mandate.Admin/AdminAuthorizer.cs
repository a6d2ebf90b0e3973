// The admin API is a protected surface of this same server: OwnTokenAuthorizer checks the token, for "{issuer}/admin"
// (aud), carrying the scope the route needs (or mandate:admin, which grants every route). The admin agent must still
// be active, so suspending it cuts off its unexpired tokens at once.
using Mandate.Protocol;
using Mandate.Server.Endpoints;
using Mandate.Server.OwnTokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Mandate.Server;

namespace Mandate.Admin;

internal sealed class AdminAuthorizer(OwnTokenAuthorizer authorizer, IssuerUris uris, ILogger<AdminAuthorizer> logger)
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the caller's token scopes are kept for the handler.</summary>
    internal const string CallerScopesKey = "Mandate.Admin.CallerScopes";

    private readonly OwnTokenPolicy _policy = new()
    {
        Audience = uris.AdminAudience,
        InvalidToken = OAuthError.InvalidToken("MND2581: The access token is invalid, expired or not meant for the admin API."),
        MissingScope = static scope => OAuthError.InsufficientScope("MND2582: The access token lacks the " + scope + " scope (or mandate:admin) this request needs."),
        ScopeGrantingAll = MandateScopes.Admin,
    };

    /// <summary>Returns the admin's client id, or the RFC 6750 error result to send.</summary>
    /// <param name="context">The request.</param>
    /// <param name="requiredScope">The route's scope; <c>mandate:admin</c> also satisfies it.</param>
    public async ValueTask<(string? ClientId, OAuthErrorResult? Failure)> AuthorizeAsync(HttpContext context, string requiredScope)
    {
        var outcome = await authorizer.AuthorizeAsync(context, _policy, requiredScope).ConfigureAwait(false);
        if (outcome.Failure is not null)
        {
            Log.AdminRequestRefused(logger, outcome.Reason!);
            return (null, outcome.Failure);
        }

        context.Items[CallerScopesKey] = outcome.Scopes;
        return (outcome.ClientId, null);
    }
}
