// RFC 6750 §3.1: insufficient_scope responses name the scope needed. The authorization middleware forbids without
// saying which requirement failed, so this result handler passes the failed MandateScopeRequirement scopes to the
// authentication handler through AuthenticationProperties; everything else goes to the framework default.
// It is also the one place that sees the final decision of every request to an endpoint requiring authorization,
// so it raises the usage event and counts mandate.resource_server.requests. Both are skipped when
// no sink is registered and nobody listens, so the request path then pays two field reads.
using Mandate.ResourceServer.Diagnostics;
using Mandate.ResourceServer.Transport;
using Mandate.ResourceServer.Usage;
using Mandate.ResourceServer.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mandate.ResourceServer.Authorization;

internal sealed class MandateAuthorizationResultHandler(UsageEventDispatcher usage, MandateBearerMetrics metrics, TimeProvider timeProvider)
    : IAuthorizationMiddlewareResultHandler
{
    internal const string InactiveTokenItem = ".mandate.inactive_token";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // RFC 6750 §3.1: a token the issuer's introspection calls inactive is invalid_token (401), not a 403.
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<MandateIntrospectionRequirement>().FirstOrDefault() is { } introspection)
        {
            Record(context, MandateUsageDecision.Refused, MandateUsageResults.Inactive, []);
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
            if (authorizeResult.Succeeded)
            {
                Record(context, MandateUsageDecision.Allowed, MandateUsageResults.Valid, []);
            }
            else if (authorizeResult.Forbidden)
            {
                Record(context, MandateUsageDecision.Refused, MandateUsageResults.Forbidden, []);
            }
            else if (usage.IsEnabled || metrics.RequestsEnabled)
            {
                var (result, jwtId) = await ChallengeReasonAsync(context, policy);
                Record(context, MandateUsageDecision.Refused, result, [], jwtId);
            }

            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        Record(context, MandateUsageDecision.Refused, MandateUsageResults.InsufficientScope, failed);
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

    /// <summary>Why a request was challenged: the Mandate scheme's authentication failure (the handler caches its result
    /// per request, so nothing is validated twice), or no token at all.</summary>
    private static async Task<(string Result, string? JwtId)> ChallengeReasonAsync(HttpContext context, AuthorizationPolicy policy)
    {
        if (policy.AuthenticationSchemes.Count == 0)
        {
            if ((await context.AuthenticateAsync()).Failure is MandateBearerException mandate)
            {
                return (mandate.Result, mandate.JwtId);
            }
        }
        else
        {
            foreach (var scheme in policy.AuthenticationSchemes)
            {
                if ((await context.AuthenticateAsync(scheme)).Failure is MandateBearerException mandate)
                {
                    return (mandate.Result, mandate.JwtId);
                }
            }
        }

        return BearerTokenReader.Read(context.Request, allowQueryString: true).Token is null
            ? (MandateUsageResults.MissingToken, null)
            : (MandateUsageResults.Forbidden, null);
    }

    /// <summary>Counts the decision and raises the usage event.</summary>
    private void Record(HttpContext context, MandateUsageDecision decision, string result, IReadOnlyList<string> missingScopes, string? failedJwtId = null)
    {
        if (!usage.IsEnabled && !metrics.RequestsEnabled)
        {
            return;
        }

        var token = context.GetMandateToken();
        var jwtId = token?.JwtId ?? failedJwtId;

        // An endpoint allowed for a principal of another scheme is not Mandate token usage.
        if (decision == MandateUsageDecision.Allowed && token is null)
        {
            return;
        }

        metrics.Request(decision, result);
        if (usage.IsEnabled)
        {
            usage.Raise(new MandateUsageEvent
            {
                Timestamp = timeProvider.GetUtcNow(),
                Decision = decision,
                Result = result,
                Method = context.Request.Method,
                Route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText,
                Token = token,
                JwtId = jwtId,
                MissingScopes = missingScopes,
                TraceId = System.Diagnostics.Activity.Current?.TraceId,
            });
        }
    }
}
