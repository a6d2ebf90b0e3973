// RFC 9396 authorization on the access token's authorization_details: met when at least one object of the given
// type satisfies the predicate. Handles itself (like MandateDelegationRequirement); a principal without a Mandate
// access token never meets it, and a failure is a plain 403.
using Microsoft.AspNetCore.Authorization;

namespace Mandate.ResourceServer.Authorization;

/// <summary>Requires an <c>authorization_details</c> object of <see cref="Type"/> that satisfies <see cref="Predicate"/>.</summary>
public sealed class MandateAuthorizationDetailRequirement : AuthorizationHandler<MandateAuthorizationDetailRequirement>, IAuthorizationRequirement
{
    /// <summary>Creates the requirement. Throws <see cref="ArgumentException"/> for an empty <paramref name="type"/>.</summary>
    /// <param name="type">The RFC 9396 <c>type</c> (ordinal).</param>
    /// <param name="predicate">Condition on the object, e.g. <c>d =&gt; d["environment"] == "prod"</c>. Null: any object of the type.</param>
    public MandateAuthorizationDetailRequirement(string type, Func<MandateAuthorizationDetail, bool>? predicate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Type = type;
        Predicate = predicate;
    }

    /// <summary>The required <c>type</c>.</summary>
    public string Type { get; }

    /// <summary>The condition on an object of <see cref="Type"/>, or null for any.</summary>
    public Func<MandateAuthorizationDetail, bool>? Predicate { get; }

    /// <summary>True when <paramref name="token"/> carries an object of <see cref="Type"/> that satisfies <see cref="Predicate"/>.</summary>
    public bool IsMetBy(MandateAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        foreach (var detail in token.GetAuthorizationDetails(Type))
        {
            if (Predicate is null || Predicate(detail))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MandateAuthorizationDetailRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.GetMandateToken() is { } token && requirement.IsMetBy(token))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
