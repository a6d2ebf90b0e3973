using Microsoft.AspNetCore.Authorization;

namespace Mandate.ResourceServer.Authorization;

/// <summary>Scope requirements for named policies used with <c>[Authorize(Policy = ...)]</c>.</summary>
public static class MandateAuthorizationPolicyBuilderExtensions
{
    /// <summary>Requires an authenticated user whose access token carries all <paramref name="scopes"/>.
    /// Throws <see cref="ArgumentException"/> when no scope is given or a value is not a valid scope-token.</summary>
    public static AuthorizationPolicyBuilder RequireScope(this AuthorizationPolicyBuilder builder, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthenticatedUser().AddRequirements(new MandateScopeRequirement(scopes));
    }
}
