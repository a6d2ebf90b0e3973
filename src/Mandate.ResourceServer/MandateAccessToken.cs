// RFC 9068 §2.2 access token claims, RFC 8693 §4.1 delegation chain and RFC 9396 authorization_details, as a
// typed, immutable view.
using Mandate.Protocol;

namespace Mandate.ResourceServer;

/// <summary>The validated access token of the current request. Get it with
/// <see cref="MandateAccessTokenExtensions.GetMandateToken(Microsoft.AspNetCore.Http.HttpContext)"/>.</summary>
public sealed record MandateAccessToken
{
    /// <summary>The <c>sub</c> claim: the agent (or the user it acts for) the token was issued to.</summary>
    public required string AgentId { get; init; }

    /// <summary>The <c>client_id</c> claim (RFC 9068 §2.2): the client that requested the token.</summary>
    public required string ClientId { get; init; }

    /// <summary>The <c>iss</c> claim.</summary>
    public required string Issuer { get; init; }

    /// <summary>The scopes of the <c>scope</c> claim (RFC 9068 §2.2.3); empty when the claim is absent.</summary>
    public required IReadOnlySet<string> Scopes { get; init; }

    /// <summary>The <c>aud</c> claim, always as a list.</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>The <c>jti</c> claim.</summary>
    public required string JwtId { get; init; }

    /// <summary>The <c>exp</c> claim.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The <c>iat</c> claim.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The <c>act</c> delegation chain, outermost (current actor) first, as RFC 8693 §4.1 nests it;
    /// empty when the token carries no <c>act</c> claim.</summary>
    public required IReadOnlyList<MandateActor> Actors { get; init; }

    /// <summary>The RFC 9449 §6.1 <c>cnf.jkt</c>: the thumbprint of the DPoP key the token is bound to, or null for a bearer token.</summary>
    public string? ConfirmationThumbprint { get; init; }

    /// <summary>The RFC 9396 <c>authorization_details</c> objects, in token order; empty when the claim is absent.</summary>
    public IReadOnlyList<MandateAuthorizationDetail> AuthorizationDetails { get; init; } = [];

    /// <summary>The <see cref="AuthorizationDetails"/> of <paramref name="type"/> (ordinal), in token order.</summary>
    public IEnumerable<MandateAuthorizationDetail> GetAuthorizationDetails(string type) =>
        AuthorizationDetails.Where(d => string.Equals(d.Type, type, StringComparison.Ordinal));

    /// <summary>True when the token carries <paramref name="scope"/> (ordinal, RFC 6749 §3.3 scopes are case-sensitive).</summary>
    public bool HasScope(string scope) => Scopes.Contains(scope);
}
