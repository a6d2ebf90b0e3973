// RFC 7519 §4.1 (registered claims), RFC 8725 §3.8–§3.11 (issuer, audience, explicit typing),
// RFC 9068 §4 (at+jwt validation rules that callers configure through these parameters).
using Mandate.Jose.Algorithms;

namespace Mandate.Jose.Jwt;

/// <summary>What <see cref="JwtValidator"/> accepts. Immutable after construction; safe to share.</summary>
public sealed class JwtValidationParameters
{
    /// <summary>The exact <c>iss</c> value (ordinal comparison).</summary>
    /// <value>Default <see langword="null"/>: the issuer is not checked.</value>
    public string? ValidIssuer { get; init; }

    /// <summary>Accepted audiences: the token <c>aud</c> (string or array) must contain at least one (ordinal).</summary>
    /// <value>Default empty: the audience is not checked.</value>
    public IReadOnlyCollection<string> ValidAudiences { get; init; } = [];

    /// <summary>
    /// Accepted header <c>typ</c> values, compared case-insensitively. Per RFC 7515 §4.1.9 an omitted
    /// <c>application/</c> prefix is ignored on both sides, so <c>"at+jwt"</c> and <c>"application/at+jwt"</c> match each other.
    /// </summary>
    /// <value>Default empty: <c>typ</c> is not checked.</value>
    public IReadOnlyCollection<string> ValidTypes { get; init; } = [];

    /// <summary>The algorithm allow-list; a header <c>alg</c> outside it gives <see cref="JoseErrorCode.UnsupportedAlgorithm"/>.</summary>
    /// <value>Default ES256, ES384, RS256 and PS256.</value>
    public IReadOnlyCollection<SignatureAlgorithm> AllowedAlgorithms { get; init; } = SignatureAlgorithm.All;

    /// <summary>Tolerance applied to <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    /// <value>Default 30 seconds; must not be negative.</value>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Tolerance for an <c>iat</c> ahead of the clock, when it must differ from <see cref="ClockSkew"/>: an issuer that
    /// checks its own tokens uses no skew for <c>exp</c> but dates some tokens up to a second ahead.
    /// </summary>
    /// <value>Default <c>null</c>: <see cref="ClockSkew"/> applies; must not be negative.</value>
    public TimeSpan? IssuedAtClockSkew { get; init; }

    /// <summary>The clock for time-based checks.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Maximum token length in characters, checked before any decoding.</summary>
    /// <value>Default 8192 (8 KiB).</value>
    public int MaxTokenLength { get; init; } = 8 * 1024;

    /// <summary>Whether a token without <c>exp</c> is rejected with <see cref="JoseErrorCode.MissingClaim"/>.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RequireExpirationTime { get; init; } = true;

    /// <summary>Claim names that must be present, for example <c>iss sub aud exp iat jti client_id</c>.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyCollection<string> RequiredClaims { get; init; } = [];
}
