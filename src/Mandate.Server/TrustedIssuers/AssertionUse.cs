namespace Mandate.Server.TrustedIssuers;

/// <summary>What an external JWT is presented as; the rules differ slightly (docs/delegation.md).</summary>
internal enum AssertionUse
{
    /// <summary>RFC 7523 §2.1 <c>assertion</c> of the jwt-bearer grant: short-lived, single-use jti.</summary>
    Grant,

    /// <summary>RFC 7523 §2.2 <c>client_assertion</c> (workload identity): short-lived, single-use jti, maps to an agent.</summary>
    ClientAuthentication,

    /// <summary>RFC 8693 <c>subject_token</c>: a bearer token (ID or access token) that may be presented more than once.</summary>
    SubjectToken,
}
