// RFC 6750 §3.1: insufficient_scope responses name the scope needed. The authorization middleware forbids without
// saying which requirement failed, so this result handler passes the failed MandateScopeRequirement scopes to the
// authentication handler through AuthenticationProperties; everything else goes to the framework default.
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer.Authorization;

internal sealed class MandateAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    internal const string InactiveTokenItem = ".mandate.inactive_token";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // RFC 6750 §3.1: a token the issuer's introspection calls inactive is invalid_token (401), not a 403.
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<MandateIntrospectionRequirement>().FirstOrDefault() is { } introspection)
        {
            var challenge = new AuthenticationProperties();
            challenge.Items[InactiveTokenItem] = "1";
            await context.ChallengeAsync(introspection.Scheme, challenge);
            return;
        }

        var failed = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<MandateScopeRequirement>().SelectMany(r => r.Scopes).Distinct(StringComparer.Ordinal).ToList()
            : null;
        if (failed is not { Count: > 0 })
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var properties = new AuthenticationProperties();
        MandateScopeRequirement.WriteRequiredScopes(properties, failed);
        if (policy.AuthenticationSchemes.Count > 0)
        {
            foreach (var scheme in policy.AuthenticationSchemes)
            {
                await context.ForbidAsync(scheme, properties);
            }
        }
        else
        {
            await context.ForbidAsync(properties);
        }
    }
}
