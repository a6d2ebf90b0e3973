using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Mandate.ResourceServer.Authorization;

/// <summary>RFC 9396 <c>authorization_details</c> requirements for policies and minimal API endpoints.</summary>
/// <remarks>The two overloads extend unrelated receiver types (a policy builder, an endpoint builder), so the
/// optional predicate cannot make a call ambiguous; RS0026 does not apply.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Different receiver types.")]
public static class MandateAuthorizationDetailExtensions
{
    /// <summary>Requires an authenticated user whose token carries an <c>authorization_details</c> object of
    /// <paramref name="type"/> satisfying <paramref name="predicate"/> (null: any object of the type), e.g.
    /// <c>.RequireAuthorizationDetail("agent_task", d =&gt; d["environment"] == "prod")</c>.</summary>
    public static AuthorizationPolicyBuilder RequireAuthorizationDetail(this AuthorizationPolicyBuilder builder, string type, Func<MandateAuthorizationDetail, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthenticatedUser().AddRequirements(new MandateAuthorizationDetailRequirement(type, predicate));
    }

    /// <summary>The same for one endpoint: <c>app.MapPost(...).RequireAuthorizationDetail("agent_task", d =&gt; ...)</c>.</summary>
    public static TBuilder RequireAuthorizationDetail<TBuilder>(this TBuilder builder, string type, Func<MandateAuthorizationDetail, bool>? predicate = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var requirement = new MandateAuthorizationDetailRequirement(type, predicate);
        return builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(requirement));
    }
}
