namespace Mandate.ResourceServer.StatusList;

/// <summary>What the status list says about one token.</summary>
internal enum StatusCheck
{
    /// <summary>The bit is 0 (VALID), or no list could be had and the token is younger than the grace period.</summary>
    Valid,

    /// <summary>The status is not VALID (draft-ietf-oauth-status-list §7.1), or the index is outside the list.</summary>
    Revoked,

    /// <summary>No usable list (never fetched, or past its <c>exp</c>) and the token is older than the grace period: fail closed.</summary>
    Unavailable,
}
