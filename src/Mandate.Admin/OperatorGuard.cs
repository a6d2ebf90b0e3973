// Escalation guard: an agent that holds an admin scope, or may get tokens for the admin audience, is an operator.
// Only a caller holding mandate:admin may create one, change its policy, or suspend, resume, decommission it or rotate
// its secret; otherwise mandate:agents would be a way to mint or take over a mandate:admin operator.
using Mandate.Protocol;
using Mandate.Server;
using Mandate.Server.Endpoints;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Admin;

internal static class OperatorGuard
{
    private static readonly OAuthError NotFullAdmin = OAuthError.InsufficientScope(
        "MND3650: Only a caller holding mandate:admin may create or act on an operator (an agent holding an admin scope or the admin audience).");

    /// <summary>The error to send when the caller may not create an agent with these scopes and audiences, else null.</summary>
    public static OAuthErrorResult? CheckCreate(HttpContext context, IEnumerable<string>? scopes, IEnumerable<string>? defaultScopes, IEnumerable<string>? audiences) =>
        IsOperator(context, scopes, defaultScopes, audiences) && !CallerIsFullAdmin(context) ? Refusal() : null;

    /// <summary>The error to send when the caller may not act on <paramref name="agent"/>, else null.</summary>
    public static OAuthErrorResult? CheckTarget(HttpContext context, Agent? agent) =>
        agent is not null && IsOperator(context, agent.AllowedScopes, agent.DefaultScopes, agent.AllowedAudiences) && !CallerIsFullAdmin(context) ? Refusal() : null;

    /// <summary>True when an agent with these scopes and audiences would be an operator. The console applies the same
    /// rule with its session's rights (an operator is acted on only with mandate:admin).</summary>
    public static bool IsOperator(HttpContext context, IEnumerable<string>? scopes, IEnumerable<string>? defaultScopes, IEnumerable<string>? audiences)
    {
        var adminAudience = context.RequestServices.GetRequiredService<IssuerUris>().AdminAudience;
        return AdminScopes.AnyAdmin(scopes ?? []) || AdminScopes.AnyAdmin(defaultScopes ?? [])
            || (audiences ?? []).Any(audience => string.Equals(audience, adminAudience, StringComparison.Ordinal));
    }

    private static bool CallerIsFullAdmin(HttpContext context) =>
        context.Items[AdminAuthorizer.CallerScopesKey] is IReadOnlyList<string> held && AdminScopes.Grants(held, MandateScopes.Admin);

    private static OAuthErrorResult Refusal() => OAuthErrorResult.ForBearer(NotFullAdmin, MandateScopes.Admin);
}
