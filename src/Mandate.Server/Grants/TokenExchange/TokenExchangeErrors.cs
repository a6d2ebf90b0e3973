// Client-facing errors of the token exchange grant (STYLE §5, IDs MND25xx). RFC 8693 §2.2.2: an invalid or
// unacceptable subject_token/actor_token is invalid_request (MUST); an unacceptable target is invalid_target.
// Scope widening is RFC 6749 §5.2 invalid_scope. Which check failed goes to the log, not to the client.
using Mandate.Protocol;

namespace Mandate.Server.Grants.TokenExchange;

internal static class TokenExchangeErrors
{
    public static readonly OAuthError MissingSubjectToken = InvalidRequest("MND2500", "subject_token and subject_token_type are required (RFC 8693 §2.1).");
    public static readonly OAuthError UnsupportedSubjectTokenType = InvalidRequest("MND2501", "subject_token_type must be urn:ietf:params:oauth:token-type:access_token or urn:ietf:params:oauth:token-type:jwt.");
    public static readonly OAuthError ActorTokenTypeRequired = InvalidRequest("MND2502", "actor_token_type is required when actor_token is present, and forbidden without it (RFC 8693 §2.1).");
    public static readonly OAuthError UnsupportedActorTokenType = InvalidRequest("MND2503", "actor_token_type must be urn:ietf:params:oauth:token-type:access_token or urn:ietf:params:oauth:token-type:jwt.");
    public static readonly OAuthError UnsupportedRequestedTokenType = InvalidRequest("MND2504", "requested_token_type must be urn:ietf:params:oauth:token-type:access_token.");
    public static readonly OAuthError InvalidSubjectToken = InvalidRequest("MND2505", "The subject_token is not a valid, unexpired, unrevoked token of this server.");
    public static readonly OAuthError InvalidActorToken = InvalidRequest("MND2506", "The actor_token is not a valid token of the authenticated client.");
    public static readonly OAuthError NotBoundToClient = InvalidRequest("MND2507", "The subject_token was not issued to the authenticated client (its aud does not name this agent).");
    public static readonly OAuthError ActorNotPermitted = InvalidRequest("MND2508", "The subject does not allow this client to act for it (may_act or delegation policy).");
    public static readonly OAuthError DelegationTooDeep = InvalidRequest("MND2509", "The delegation chain would exceed the maximum delegation depth.");
    public static readonly OAuthError SubjectTokenExpiring = InvalidRequest("MND2510", "The subject_token expires too soon to derive a token from it.");
    public static readonly OAuthError ScopeNotInSubject = new(OAuthErrorCodes.InvalidScope, "MND2511: A requested scope is not held by the subject_token or not allowed for this client.");
    public static readonly OAuthError NoCommonScope = new(OAuthErrorCodes.InvalidScope, "MND2512: The subject_token and this client share no scope.");
    public static readonly OAuthError ResourceAndAudience = new(OAuthErrorCodes.InvalidTarget, "MND2513: Send one target, as resource or as audience, not both.");

    private static OAuthError InvalidRequest(string id, string text) => new(OAuthErrorCodes.InvalidRequest, id + ": " + text);
}
