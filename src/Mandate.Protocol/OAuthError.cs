// RFC 6749 §5.2: the error object of the token endpoint. One record for every protocol error in
// Mandate; descriptions start with a stable id from the catalogue in docs/errors.md ("MND2300: ...").
namespace Mandate.Protocol;

/// <summary>An OAuth 2.0 error response value. Expected protocol failures are values, not exceptions.</summary>
/// <param name="Code">The RFC error code, e.g. <c>invalid_client</c>.</param>
/// <param name="Description">Human-readable text for the client developer; never secrets, tokens or internals.</param>
/// <param name="Uri">Optional link to the documentation of this error.</param>
public sealed record OAuthError(string Code, string? Description = null, Uri? Uri = null)
{
    /// <summary>RFC 6749 §5.2 <c>invalid_request</c>.</summary>
    public static OAuthError InvalidRequest(string? description = null) => new(OAuthErrorCodes.InvalidRequest, description);

    /// <summary>RFC 6749 §5.2 <c>invalid_client</c>. The description must never reveal whether the client exists.</summary>
    public static OAuthError InvalidClient(string? description = null) => new(OAuthErrorCodes.InvalidClient, description ?? "Client authentication failed.");

    /// <summary>RFC 6749 §5.2 <c>invalid_grant</c>.</summary>
    public static OAuthError InvalidGrant(string? description = null) => new(OAuthErrorCodes.InvalidGrant, description);

    /// <summary>RFC 6749 §5.2 <c>unauthorized_client</c>.</summary>
    public static OAuthError UnauthorizedClient(string? description = null) => new(OAuthErrorCodes.UnauthorizedClient, description);

    /// <summary>RFC 6749 §5.2 <c>unsupported_grant_type</c>.</summary>
    public static OAuthError UnsupportedGrantType(string? description = null) => new(OAuthErrorCodes.UnsupportedGrantType, description);

    /// <summary>RFC 6749 §5.2 <c>invalid_scope</c>.</summary>
    public static OAuthError InvalidScope(string? description = null) => new(OAuthErrorCodes.InvalidScope, description);

    /// <summary>RFC 8707 §2 <c>invalid_target</c>.</summary>
    public static OAuthError InvalidTarget(string? description = null) => new(OAuthErrorCodes.InvalidTarget, description);

    /// <summary>RFC 7009 §2.2.1 <c>unsupported_token_type</c>.</summary>
    public static OAuthError UnsupportedTokenType(string? description = null) => new(OAuthErrorCodes.UnsupportedTokenType, description);

    /// <summary>RFC 6750 §3.1 <c>invalid_token</c>.</summary>
    public static OAuthError InvalidToken(string? description = null) => new(OAuthErrorCodes.InvalidToken, description);

    /// <summary>RFC 6750 §3.1 <c>insufficient_scope</c>.</summary>
    public static OAuthError InsufficientScope(string? description = null) => new(OAuthErrorCodes.InsufficientScope, description);

    /// <summary>RFC 9396 §5 <c>invalid_authorization_details</c>.</summary>
    public static OAuthError InvalidAuthorizationDetails(string? description = null) => new(OAuthErrorCodes.InvalidAuthorizationDetails, description);

    /// <summary>RFC 6749 §5.2 <c>server_error</c>-like condition reported as 503 <c>temporarily_unavailable</c>.</summary>
    public static OAuthError TemporarilyUnavailable(string? description = null) => new(OAuthErrorCodes.TemporarilyUnavailable, description);
}
