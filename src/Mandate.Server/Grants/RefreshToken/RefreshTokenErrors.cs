// Client-facing errors of the refresh_token grant (STYLE §5, IDs MND2740-2749). RFC 6749 §5.2: an invalid, expired,
// revoked or foreign refresh token is invalid_grant; a scope beyond the original grant is invalid_scope. The
// same invalid_grant text for every refusal, so a client learns nothing about another client's tokens; which
// check failed goes to the log.
using Mandate.Protocol;

namespace Mandate.Server.Grants.RefreshToken;

internal static class RefreshTokenErrors
{
    public static readonly OAuthError Missing = new(OAuthErrorCodes.InvalidRequest, "MND2740: The refresh_token parameter is required (RFC 6749 §6).");
    public static readonly OAuthError Invalid = new(OAuthErrorCodes.InvalidGrant, "MND2741: The refresh token is invalid, expired, revoked or was issued to another client.");
    public static readonly OAuthError ScopeNotGranted = new(OAuthErrorCodes.InvalidScope, "MND2742: A requested scope was not granted with the refresh token or is no longer allowed for this client (RFC 6749 §6).");
}
