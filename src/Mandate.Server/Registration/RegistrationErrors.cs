// Client-facing errors of dynamic client registration (RFC 7591 §3.2.2, RFC 7592 §2, RFC 6750 §3.1) and of the
// admin API's initial access tokens. IDs MND3400-3449.
using Mandate.Protocol;

namespace Mandate.Server.Registration;

internal static class RegistrationErrors
{
    public static readonly OAuthError RedirectBased = Metadata("MND3400: This server has no authorization endpoint: redirect_uris, response_types and the authorization_code and implicit grant types are not supported; register for client_credentials, jwt-bearer or token-exchange.");
    public static readonly OAuthError GrantTypeNotAllowed = Metadata("MND3401: grant_types may only name grant types this server supports and the initial access token allows.");
    public static readonly OAuthError PublicClient = Metadata("MND3402: token_endpoint_auth_method \"none\" is not supported: every client authenticates (client_secret_basic, client_secret_post or private_key_jwt).");
    public static readonly OAuthError AuthMethod = Metadata("MND3403: token_endpoint_auth_method must be client_secret_basic, client_secret_post or private_key_jwt.");
    public static readonly OAuthError JwksRequired = Metadata("MND3404: private_key_jwt needs the client's public keys in jwks.");
    public static readonly OAuthError JwksUri = Metadata("MND3405: jwks_uri is not supported for registered clients; send the keys in jwks, or use a Client ID Metadata Document.");
    public static readonly OAuthError JwksWithSecret = Metadata("MND3406: jwks is only used with token_endpoint_auth_method private_key_jwt.");
    public static readonly OAuthError ScopeNotAllowed = Metadata("MND3407: scope must be space-separated scope tokens that the initial access token allows.");
    public static readonly OAuthError OwnerRequired = Metadata("MND3408: The client needs an owner: name the accountable person first in contacts, or use an initial access token that sets one.");
    public static readonly OAuthError Text = Metadata("MND3409: client_name, software_id, software_version and each of at most 10 contacts must be 1 to 256 characters without control characters.");
    public static readonly OAuthError Body = Metadata("MND3410: The body must be a JSON object of client metadata (RFC 7591 §2).");
    public static readonly OAuthError BodyTooLarge = Metadata("MND3411: The client metadata is too large (64 KiB).");
    public static readonly OAuthError InitialAccessToken = OAuthError.InvalidToken("MND3412: The initial access token is invalid, expired, revoked or used up.");
    public static readonly OAuthError RegistrationAccessToken = OAuthError.InvalidToken("MND3413: The registration access token is invalid for this client.");
    public static readonly OAuthError ClientIdMismatch = OAuthError.InvalidRequest("MND3414: The body's client_id must equal the client being updated (RFC 7592 §2.2).");
    public static readonly OAuthError SecretMismatch = Metadata("MND3415: client_secret does not match the client's current secret (RFC 7592 §2.2).");
    public static readonly OAuthError AuthFamilyChange = Metadata("MND3416: An update cannot switch between secret and private_key_jwt authentication; register a new client.");
    public static readonly OAuthError TooManyRequests = new(OAuthErrorCodes.TemporarilyUnavailable, "MND3417: Too many registration requests from this address; retry after the Retry-After delay.");
    public static readonly OAuthError Unavailable = new(OAuthErrorCodes.TemporarilyUnavailable, "MND3418: Registration is unavailable right now; retry later.");
    public static readonly OAuthError Concurrent = new(OAuthErrorCodes.TemporarilyUnavailable, "MND3419: The client was changed concurrently; retry with the current registration access token.");

    /// <summary>An agent-policy refusal the registration checks did not foresee, with the policy's reason.</summary>
    public static OAuthError Policy(string reason) => Metadata("MND3420: " + reason);

    public static OAuthError Metadata(string description) => new(OAuthErrorCodes.InvalidClientMetadata, description);
}
