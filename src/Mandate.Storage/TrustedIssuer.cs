namespace Mandate.Storage;

/// <summary>
/// An external token issuer the operator trusts (docs/delegation.md "Trusted issuers"): an OpenID provider for
/// people, or a workload identity system (SPIFFE, Kubernetes, CI OIDC) for agents. Immutable; replaced by
/// remove + add. Several records may share one <see cref="Issuer"/> URL (for example one per GitHub repository
/// mapped to a different agent); <see cref="Name"/> is the unique key.
/// </summary>
public sealed record TrustedIssuer
{
    /// <summary>Unique operator-chosen name: lower-case letters, digits, '-', '_' or '.'; part of external subjects.</summary>
    public required string Name { get; init; }

    /// <summary>The exact <c>iss</c> value of the issuer's tokens (ordinal comparison).</summary>
    public required string Issuer { get; init; }

    /// <summary>Where the issuer publishes its JWK Set (https, or http on loopback when allowed); null when <see cref="Jwks"/> is set.</summary>
    public string? JwksUri { get; init; }

    /// <summary>A static public JWK Set (JSON); null when <see cref="JwksUri"/> is set.</summary>
    public string? Jwks { get; init; }

    /// <summary>Accepted <c>aud</c> values of the issuer's assertions; empty means this server's issuer and token endpoint.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>The claim that names the subject; default <c>sub</c>.</summary>
    public string SubjectClaim { get; init; } = "sub";

    /// <summary>When set, a matching assertion authenticates this agent (workload identity federation).</summary>
    public string? MapsToAgentId { get; init; }

    /// <summary>Accepted subjects: exact values, or prefixes written with a trailing <c>*</c>. Empty means any subject.</summary>
    public IReadOnlyList<string> AllowedSubjects { get; init; } = [];

    /// <summary>The most any token derived from this issuer may carry. Empty means no scope at all.</summary>
    public IReadOnlyList<string> GrantableScopes { get; init; } = [];

    /// <summary>Maximum lifetime of a Mandate token derived from this issuer's assertions.</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Maximum <c>exp</c> - now of an assertion (jwt-bearer grant and client assertion).</summary>
    public TimeSpan MaxAssertionLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether assertions (jwt-bearer grant, client assertion) must carry a <c>jti</c>, which is then single-use
    /// (RFC 7523 §3 item 7). When false, an assertion without <c>jti</c> is accepted and its replay window is bounded
    /// by <see cref="MaxAssertionLifetime"/> alone (which is then at most 5 minutes); one with a <c>jti</c> is still
    /// single-use. Default: true.
    /// </summary>
    public bool RequireJwtId { get; init; } = true;

    /// <summary>When the record was added.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
