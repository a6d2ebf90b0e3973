namespace Mandate.Server.Grants;

/// <summary>What a grant handler approved; the token issuer turns it into an access token.</summary>
public sealed record ApprovedGrant
{
    /// <summary>The grant type that approved the request.</summary>
    public required string GrantType { get; init; }

    /// <summary>The <c>sub</c> claim: the agent the token is about (RFC 9068 §2.2).</summary>
    public required string Subject { get; init; }

    /// <summary>The <c>client_id</c> claim: the authenticated client (RFC 9068 §2.2).</summary>
    public required string ClientId { get; init; }

    /// <summary>Granted scopes, never more than the client may have; may be empty.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The single <c>aud</c> value (RFC 8707 resource).</summary>
    public required string Audience { get; init; }

    /// <summary>Token lifetime, already capped by <see cref="MandateServerOptions.MaxAccessTokenLifetime"/>.</summary>
    public required TimeSpan Lifetime { get; init; }

    /// <summary>The delegation chain for the <c>act</c> claim (RFC 8693 §4.1), newest actor first; empty for no <c>act</c>.</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    /// <summary>The <c>jti</c> of the token this one was exchanged from, or null when it was not derived.</summary>
    public string? ParentTokenId { get; init; }

    /// <summary>The RFC 8693 §2.2.1 <c>issued_token_type</c> to return, or null for grants that do not report it.</summary>
    public string? IssuedTokenType { get; init; }

    /// <summary>The RFC 9396 <c>authorization_details</c> claim as a compact JSON array, or null for none.</summary>
    public string? AuthorizationDetails { get; init; }

    /// <summary>Whether to issue a refresh token with the access token (RFC 6749 §6); null for none.</summary>
    public RefreshTokenIntent? RefreshToken { get; init; }

    /// <summary>The <c>cnf.jkt</c> to bind the access token to (RFC 9449 §6.1), or null for a bearer token.</summary>
    public string? KeyThumbprint { get; init; }

    /// <summary>For an ID-JAG (<see cref="IssuedTokenType"/> id-jag): the optional <c>resource</c> claim.</summary>
    public string? Resource { get; init; }
}
