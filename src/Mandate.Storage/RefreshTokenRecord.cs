namespace Mandate.Storage;

/// <summary>
/// One refresh token (RFC 6749 §6) of a rotation family. The token value is never stored: <see cref="TokenHash"/>
/// is its keyed hash. Every rotation adds a record to the family and marks the previous one
/// <see cref="RefreshTokenState.Rotated"/>; the family shares <see cref="FamilyId"/>, the grant and
/// <see cref="FamilyExpiresAt"/>.
/// </summary>
public sealed record RefreshTokenRecord
{
    /// <summary>The keyed hash of the token value (base64url), the lookup key. Case-sensitive.</summary>
    public required string TokenHash { get; init; }

    /// <summary>The rotation family: every token descended from one original grant.</summary>
    public required string FamilyId { get; init; }

    /// <summary>The client the token was issued to; only it may use, introspect or revoke it.</summary>
    public required string ClientId { get; init; }

    /// <summary>The <c>sub</c> of the access tokens it yields (a person or another agent, never the client itself).</summary>
    public required string Subject { get; init; }

    /// <summary>The <c>act</c> chain of the access tokens it yields, newest actor first.</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    /// <summary>The scopes originally granted; a refresh may only narrow them.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The <c>aud</c> of the access tokens it yields.</summary>
    public required string Audience { get; init; }

    /// <summary>The <c>jti</c> of the token the family was exchanged from, or null; revoking it revokes the family.</summary>
    public string? ParentJti { get; init; }

    /// <summary>The <c>jti</c> of the access token issued together with this refresh token, or null.</summary>
    public string? AccessTokenJti { get; init; }

    /// <summary>That access token's <c>exp</c>, or null.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    /// <summary>The state; only <see cref="RefreshTokenState.Active"/> tokens may be used.</summary>
    public RefreshTokenState State { get; init; }

    /// <summary>When this token was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When this token expires unused (idle limit, never after <see cref="FamilyExpiresAt"/>).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the whole family expires (absolute limit from the original grant).</summary>
    public required DateTimeOffset FamilyExpiresAt { get; init; }

    /// <summary>The RFC 9396 <c>authorization_details</c> originally granted (a JSON array), or null; a refresh may
    /// only keep or narrow them.</summary>
    public string? AuthorizationDetails { get; init; }
}
