// RFC 6749 §3.3 / RFC 9068 §2.2.3: the token's "scope" claim is a space-delimited, case-sensitive list.
// The requirement is met when the token carries every listed scope. It handles itself (like
// ClaimsAuthorizationRequirement), so no handler registration is needed.
using Mandate.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Mandate.ResourceServer.Authorization;

/// <summary>Requires the access token to carry all of <see cref="Scopes"/>. On failure the 403 challenge names them
/// (RFC 6750 §3 <c>scope</c> attribute).</summary>
public sealed class MandateScopeRequirement : AuthorizationHandler<MandateScopeRequirement>, IAuthorizationRequirement
{
    private const string ItemKey = ".mandate.required_scope";

    /// <summary>Creates the requirement. Throws <see cref="ArgumentException"/> when empty or when a value is not an
    /// RFC 6749 §3.3 scope-token.</summary>
    public MandateScopeRequirement(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        Scopes = [.. scopes];
        if (Scopes.Count == 0 || Scopes.Any(s => !ScopeSet.IsScopeToken(s)))
        {
            throw new ArgumentException("At least one scope is required, each a valid RFC 6749 §3.3 scope-token.", nameof(scopes));
        }
    }

    /// <summary>The scopes that must all be present.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MandateScopeRequirement requirement)
    {
        var granted = GrantedScopes(context);
        if (requirement.Scopes.All(granted.Contains))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static IReadOnlySet<string> GrantedScopes(AuthorizationHandlerContext context)
    {
        if (context.User.GetMandateToken() is { } token)
        {
            return token.Scopes;
        }

        // A principal built elsewhere (cloned or transformed): fall back to the raw scope claims.
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in context.User.FindAll(JwtClaimNames.Scope))
        {
            if (ScopeSet.TryParse(claim.Value, out var parsed))
            {
                scopes.UnionWith(parsed);
            }
        }

        return scopes;
    }

    internal static void WriteRequiredScopes(AuthenticationProperties properties, IEnumerable<string> scopes) =>
        properties.Items[ItemKey] = ScopeSet.Format(scopes);

    internal static IReadOnlyList<string> ReadRequiredScopes(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(ItemKey, out var value) == true && ScopeSet.TryParse(value, out var scopes) ? scopes : [];
}
