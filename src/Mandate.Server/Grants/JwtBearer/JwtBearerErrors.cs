// Client-facing errors of the JWT bearer grant (IDs MND280x). RFC 7523 §3.1: an assertion that is not valid, or not
// acceptable, is invalid_grant; RFC 6749 §5.2 invalid_scope; RFC 8707 invalid_target. Which check failed goes to the
// log only, so a caller learns nothing about the trusted issuers' configuration.
using Mandate.Protocol;

namespace Mandate.Server.Grants.JwtBearer;

internal static class JwtBearerErrors
{
    public static readonly OAuthError MissingAssertion = new(OAuthErrorCodes.InvalidRequest, "MND2800: The assertion parameter is required (RFC 7523 §2.1).");
    public static readonly OAuthError InvalidAssertion = new(OAuthErrorCodes.InvalidGrant, "MND2801: The assertion is not valid or not from a trusted issuer (RFC 7523 §3.1).");
    public static readonly OAuthError ScopeNotAllowed = new(OAuthErrorCodes.InvalidScope, "MND2802: A requested scope is not granted by the assertion, its issuer or this client's policy.");
    public static readonly OAuthError NoScope = new(OAuthErrorCodes.InvalidScope, "MND2803: The assertion, its issuer and this client's policy share no scope.");
    public static readonly OAuthError MalformedScope = new(OAuthErrorCodes.InvalidScope, "MND2804: The scope parameter is malformed (RFC 6749 §3.3).");
    public static readonly OAuthError ResourceNotGranted = new(OAuthErrorCodes.InvalidTarget, "MND2805: The resource is not the one the ID-JAG was issued for.");
}
