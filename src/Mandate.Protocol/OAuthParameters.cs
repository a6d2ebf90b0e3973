// RFC 6749 §4.4, RFC 7521 §4.2, RFC 7523 §2.1, RFC 8693 §2.1, RFC 8707 §2, RFC 7009 §2.1, RFC 7662 §2.1:
// form parameter names exactly as the RFCs spell them.
namespace Mandate.Protocol;

/// <summary>OAuth 2.0 request and response parameter names.</summary>
public static class OAuthParameters
{
    public const string GrantType = "grant_type";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string ClientAssertion = "client_assertion";
    public const string ClientAssertionType = "client_assertion_type";
    public const string Scope = "scope";
    public const string Resource = "resource";
    public const string Audience = "audience";
    public const string Assertion = "assertion";
    public const string SubjectToken = "subject_token";
    public const string SubjectTokenType = "subject_token_type";
    public const string ActorToken = "actor_token";
    public const string ActorTokenType = "actor_token_type";
    public const string RequestedTokenType = "requested_token_type";
    public const string IssuedTokenType = "issued_token_type";
    public const string RefreshToken = "refresh_token";
    public const string AuthorizationDetails = "authorization_details";
    public const string Token = "token";
    public const string TokenTypeHint = "token_type_hint";

    public const string AccessToken = "access_token";
    public const string TokenType = "token_type";
    public const string ExpiresIn = "expires_in";

    public const string Error = "error";
    public const string ErrorDescription = "error_description";
    public const string ErrorUri = "error_uri";
}
