namespace Mandate.Protocol;

/// <summary>Error codes of RFC 6749 §5.2, RFC 6750 §3.1, RFC 7009 §2.2.1, RFC 8693 §2.2.2, RFC 7591 §3.2.2 and RFC 9449 §5, §7.1, §8, §9.</summary>
public static class OAuthErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidTarget = "invalid_target";
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";
    public const string UnsupportedTokenType = "unsupported_token_type";
    public const string InvalidAuthorizationDetails = "invalid_authorization_details";
    public const string ServerError = "server_error";
    public const string TemporarilyUnavailable = "temporarily_unavailable";
    public const string InvalidDpopProof = "invalid_dpop_proof";
    public const string UseDpopNonce = "use_dpop_nonce";

    /// <summary>RFC 7591 §3.2.2: a client metadata value is invalid or refused by the server's policy.</summary>
    public const string InvalidClientMetadata = "invalid_client_metadata";
}
