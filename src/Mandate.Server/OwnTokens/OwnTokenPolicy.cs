using Mandate.Protocol;

namespace Mandate.Server.OwnTokens;

/// <summary>What one protected surface of this server (the admin API, the Shared Signals API) asks of the access
/// tokens it accepts: its audience, the errors it answers with, and the scope that grants every route. Built once per
/// surface.</summary>
internal sealed class OwnTokenPolicy
{
    /// <summary>The <c>aud</c> the token must carry, e.g. <c>{issuer}/admin</c>.</summary>
    public required string Audience { get; init; }

    /// <summary>The <c>invalid_token</c> error for a token that fails validation, is revoked, or whose agent is not active.</summary>
    public required OAuthError InvalidToken { get; init; }

    /// <summary>The <c>insufficient_scope</c> error for a token lacking the route's scope (given that scope).</summary>
    public required Func<string, OAuthError> MissingScope { get; init; }

    /// <summary>A scope that satisfies every route of the surface (<c>mandate:admin</c>), or null.</summary>
    public string? ScopeGrantingAll { get; init; }

    /// <summary>Whether a sender-constrained token (one with <c>cnf</c>, RFC 9449) is refused when presented as a
    /// bearer token. Default: false.</summary>
    public bool RefuseSenderConstrained { get; init; }

    /// <summary>Whether the surface also takes DPoP-bound tokens with the DPoP scheme and a proof (RFC 9449 §7.1); with
    /// the FAPI 2.0 profile on, it then takes only those. Default: false (Bearer only).</summary>
    public bool AcceptDpop { get; init; }

    /// <summary>True when <paramref name="held"/> holds <paramref name="required"/> or <see cref="ScopeGrantingAll"/>.</summary>
    public bool Grants(IReadOnlyList<string> held, string required)
    {
        foreach (var scope in held)
        {
            if (string.Equals(scope, required, StringComparison.Ordinal) || (ScopeGrantingAll is not null && string.Equals(scope, ScopeGrantingAll, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
