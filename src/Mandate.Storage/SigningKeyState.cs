namespace Mandate.Storage;

/// <summary>Lifecycle of a signing key: published before it signs, kept after it stops signing.</summary>
public enum SigningKeyState
{
    /// <summary>Published in the JWKS, not yet signing.</summary>
    Pending = 0,

    /// <summary>Signing new tokens and published.</summary>
    Active = 1,

    /// <summary>No longer signing; still published until its tokens have expired.</summary>
    Retired = 2,

    /// <summary>Withdrawn in an emergency; not published, its tokens are refused.</summary>
    Revoked = 3,

    /// <summary>Retired long enough that every token it signed has expired; no longer published, kept for the record.</summary>
    Removed = 4,
}
