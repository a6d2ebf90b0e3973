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
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
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
