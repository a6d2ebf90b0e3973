// Authorization on the RFC 8693 §4.1 delegation chain (the token's act claim): how long the chain may be, which
// actors may appear in it, and what the subject must be (e.g. a person rather than an agent). It handles itself
// (like ClaimsAuthorizationRequirement), so no handler registration is needed. A principal without a Mandate
// access token never meets it.
using Microsoft.AspNetCore.Authorization;

namespace Mandate.ResourceServer.Authorization;

/// <summary>Requires the access token's delegation chain to satisfy every limit that is set.</summary>
public sealed class MandateDelegationRequirement : AuthorizationHandler<MandateDelegationRequirement>, IAuthorizationRequirement
{
    /// <summary>Creates the requirement. Throws <see cref="ArgumentOutOfRangeException"/> for a negative
    /// <paramref name="maxDepth"/> and <see cref="ArgumentException"/> when no limit is set.</summary>
    /// <param name="maxDepth">Most actors the chain may hold; 0 forbids delegated tokens. Null: no limit.</param>
    /// <param name="allowedActors">Actor <c>sub</c> values that may appear anywhere in the chain. Null: any.</param>
    /// <param name="subject">Predicate on the token's <c>sub</c>, e.g. "is a person". Null: any subject.</param>
    public MandateDelegationRequirement(int? maxDepth = null, IEnumerable<string>? allowedActors = null, Func<string, bool>? subject = null)
    {
        if (maxDepth is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "The maximum delegation depth cannot be negative.");
        }

        if (maxDepth is null && allowedActors is null && subject is null)
        {
            throw new ArgumentException("Set at least one limit: maxDepth, allowedActors or subject.");
        }

        MaxDepth = maxDepth;
        AllowedActors = allowedActors is null ? null : new HashSet<string>(allowedActors, StringComparer.Ordinal);
        Subject = subject;
    }

    /// <summary>Most actors in the chain, or null for no limit.</summary>
    public int? MaxDepth { get; }

    /// <summary>Actors allowed anywhere in the chain (ordinal), or null for any.</summary>
    public IReadOnlySet<string>? AllowedActors { get; }

    /// <summary>Predicate the token's <c>sub</c> must satisfy, or null for any.</summary>
    public Func<string, bool>? Subject { get; }

    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MandateDelegationRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.GetMandateToken() is { } token && requirement.IsMetBy(token))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>True when <paramref name="token"/> satisfies every limit.</summary>
    public bool IsMetBy(MandateAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (MaxDepth is { } max && token.Actors.Count > max)
        {
            return false;
        }

        if (AllowedActors is { } allowed && token.Actors.Any(actor => !allowed.Contains(actor.Subject)))
        {
            return false;
        }

        return Subject is null || Subject(token.AgentId);
    }
}
