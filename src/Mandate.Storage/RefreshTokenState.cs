namespace Mandate.Storage;

/// <summary>Where a refresh token is in its life. Stored as the integer value.</summary>
public enum RefreshTokenState
{
    /// <summary>The newest token of its family: it may be used (once).</summary>
    Active = 0,

    /// <summary>Used once and replaced by a newer token; presenting it again is reuse (RFC 9700 §4.14.2).</summary>
    Rotated = 1,

    /// <summary>Revoked with its family (reuse, <c>/revoke</c>, agent suspended, parent token revoked).</summary>
    Revoked = 2,
}
