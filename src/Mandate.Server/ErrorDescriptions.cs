// The catalogue of client-facing error objects (STYLE §5). Each has a stable ID (MND2xxx) at the start
// of its error_description. Operators get the detail (which check failed, kid, jti) from the logs; the
// client only gets these fixed texts. The instances are immutable, so the error path allocates nothing.
using Mandate.Protocol;

namespace Mandate.Server;

internal static class ErrorDescriptions
{
    public static readonly OAuthError NotFormPost = InvalidRequest("MND2001", "The token endpoint accepts only POST with Content-Type application/x-www-form-urlencoded.");
    public static readonly OAuthError BodyTooLarge = InvalidRequest("MND2002", "The request body is too large.");
    public static readonly OAuthError MalformedBody = InvalidRequest("MND2003", "The request body is not valid application/x-www-form-urlencoded UTF-8.");
    public static readonly OAuthError DuplicateParameter = InvalidRequest("MND2004", "A request parameter is repeated (RFC 6749 §3.2).");
    public static readonly OAuthError MissingGrantType = InvalidRequest("MND2005", "The grant_type parameter is required.");
    public static readonly OAuthError UndeclaredParameter = InvalidRequest("MND2006", "The request contains a parameter this grant type does not accept.");
    public static readonly OAuthError MultipleAuthenticationMethods = InvalidRequest("MND2007", "The client used more than one authentication method (RFC 6749 §2.3).");
    public static readonly OAuthError ClientIdMismatch = InvalidRequest("MND2008", "The client_id parameter does not match the authenticated client.");
    public static readonly OAuthError MalformedAuthorizationHeader = InvalidRequest("MND2009", "The Authorization header is malformed or uses an unsupported scheme.");
    public static readonly OAuthError MalformedScope = new(OAuthErrorCodes.InvalidScope, "MND2302: The scope parameter is not a valid RFC 6749 §3.3 scope list.");
    public static readonly OAuthError InvalidClientAssertionRequest = InvalidRequest("MND2012", "client_assertion and client_assertion_type (urn:ietf:params:oauth:client-assertion-type:jwt-bearer) are both required (RFC 7521 §4.2).");
    public static readonly OAuthError NoClientAuthentication = new(OAuthErrorCodes.InvalidClient, "MND2101: Client authentication is required.");
    public static readonly OAuthError MethodNotAllowed = InvalidRequest("MND2011", "The token endpoint accepts only POST.");

    public static readonly OAuthError ClientAuthenticationFailed = new(OAuthErrorCodes.InvalidClient, "MND2100: Client authentication failed.");

    public static readonly OAuthError UnsupportedGrantType = new(OAuthErrorCodes.UnsupportedGrantType, "MND2200: The grant type is not supported.");
    public static readonly OAuthError GrantNotAllowed = new(OAuthErrorCodes.UnauthorizedClient, "MND2201: The client may not use this grant type.");

    public static readonly OAuthError ScopeNotAllowed = new(OAuthErrorCodes.InvalidScope, "MND2300: A requested scope is not allowed for this client.");
    public static readonly OAuthError NoScope = new(OAuthErrorCodes.InvalidScope, "MND2301: No scope was requested and the client has no default scopes.");

    public static readonly OAuthError ResourceInvalid = new(OAuthErrorCodes.InvalidTarget, "MND2400: The resource parameter must be an absolute URI without a fragment (RFC 8707 §2).");
    public static readonly OAuthError ResourceNotAllowed = new(OAuthErrorCodes.InvalidTarget, "MND2401: The requested resource is not allowed for this client.");
    public static readonly OAuthError MultipleResources = new(OAuthErrorCodes.InvalidTarget, "MND2402: Only one resource may be requested; each access token has one audience.");
    public static readonly OAuthError ResourceRequired = new(OAuthErrorCodes.InvalidTarget, "MND2403: The resource parameter is required because the client may call several resources.");

    public static readonly OAuthError MissingToken = InvalidRequest("MND2013", "The token parameter is required (RFC 7009 §2.1, RFC 7662 §2.1).");
    public static readonly OAuthError UndeclaredTokenParameter = InvalidRequest("MND2014", "The request contains a parameter this endpoint does not accept.");
    public static readonly OAuthError NotTokenOwner = new(OAuthErrorCodes.UnauthorizedClient, "MND2202: The token was not issued to this client (RFC 7009 §2.1).");
    public static readonly OAuthError AuditUnavailable = new(OAuthErrorCodes.TemporarilyUnavailable, "MND2015: The server cannot record this request right now; retry later.");

    private static OAuthError InvalidRequest(string id, string text) => new(OAuthErrorCodes.InvalidRequest, id + ": " + text);
}
