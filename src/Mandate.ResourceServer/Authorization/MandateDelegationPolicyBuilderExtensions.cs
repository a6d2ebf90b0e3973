using Microsoft.AspNetCore.Authorization;

namespace Mandate.ResourceServer.Authorization;

/// <summary>Delegation-chain requirements (RFC 8693 §4.1 <c>act</c>) for named authorization policies.</summary>
public static class MandateDelegationPolicyBuilderExtensions
{
    /// <summary>Requires an authenticated user whose token's <c>act</c> chain holds at most <paramref name="maxDepth"/>
    /// actors (0: only tokens used by their own subject).</summary>
    public static AuthorizationPolicyBuilder RequireMaxDelegationDepth(this AuthorizationPolicyBuilder builder, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthenticatedUser().AddRequirements(new MandateDelegationRequirement(maxDepth: maxDepth));
    }

    /// <summary>Requires every actor of the token's chain to be one of <paramref name="actors"/> (their <c>sub</c> values).</summary>
    public static AuthorizationPolicyBuilder RequireActors(this AuthorizationPolicyBuilder builder, params string[] actors)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthenticatedUser().AddRequirements(new MandateDelegationRequirement(allowedActors: actors));
    }

    /// <summary>Requires the token's subject to satisfy <paramref name="isAllowed"/>, e.g. "a person must be the subject"
    /// (<c>sub =&gt; !sub.StartsWith("agt_", StringComparison.Ordinal)</c>).</summary>
    public static AuthorizationPolicyBuilder RequireSubject(this AuthorizationPolicyBuilder builder, Func<string, bool> isAllowed)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(isAllowed);
        return builder.RequireAuthenticatedUser().AddRequirements(new MandateDelegationRequirement(subject: isAllowed));
    }
}
