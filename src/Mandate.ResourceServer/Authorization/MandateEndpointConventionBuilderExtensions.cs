using Microsoft.AspNetCore.Builder;

namespace Mandate.ResourceServer.Authorization;

/// <summary>Scope requirements for minimal API endpoints: <c>app.MapPost(...).RequireScope("tools:write")</c>.</summary>
public static class MandateEndpointConventionBuilderExtensions
{
    /// <summary>Requires an authenticated user whose access token carries all <paramref name="scopes"/>; a token
    /// without them gets 403 with <c>error="insufficient_scope"</c>. Throws <see cref="ArgumentException"/> when no
    /// scope is given or a value is not a valid scope-token.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var requirement = new MandateScopeRequirement(scopes); // validate now, not on first request
        return builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(requirement));
    }

    /// <summary>For high-risk operations: besides local validation, asks the issuer's RFC 7662 introspection endpoint
    /// whether the token is still active (positive answers cached for <see cref="MandateBearerOptions.IntrospectionCacheDuration"/>).
    /// An inactive token gets 401 <c>invalid_token</c>. Configure <see cref="MandateBearerOptions.IntrospectionClientId"/>
    /// and <see cref="MandateBearerOptions.IntrospectionClientSecret"/>.</summary>
    public static TBuilder RequireIntrospection<TBuilder>(this TBuilder builder, string scheme = MandateBearerDefaults.AuthenticationScheme)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var requirement = new MandateIntrospectionRequirement(scheme);
        return builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(requirement));
    }
}
