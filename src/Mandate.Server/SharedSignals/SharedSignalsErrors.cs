using Mandate.Protocol;

namespace Mandate.Server.SharedSignals;

/// <summary>The client-facing errors of the Shared Signals API (catalogue in docs/errors.md).</summary>
internal static class SharedSignalsErrors
{
    public static readonly OAuthError InvalidToken = OAuthError.InvalidToken("MND3500: The access token is invalid, expired, sender-constrained or not meant for the Shared Signals API.");
    public static readonly OAuthError MissingScope = OAuthError.InsufficientScope("MND3501: The access token lacks the ssf:manage scope.");
    public static readonly OAuthError NotJson = OAuthError.InvalidRequest("MND3502: The body must be a JSON object (Content-Type application/json).");
    public static readonly OAuthError BadMethod = OAuthError.InvalidRequest("MND3503: delivery.method must be urn:ietf:rfc:8935 (push) or urn:ietf:rfc:8936 (poll).");
    public static readonly OAuthError BadEndpoint = OAuthError.InvalidRequest("MND3504: delivery.endpoint_url of a push stream must be an absolute https URL without fragment.");
    public static readonly OAuthError BadEvents = OAuthError.InvalidRequest("MND3505: events_requested must be an array of event-type URIs.");
    public static readonly OAuthError BadText = OAuthError.InvalidRequest("MND3506: description (at most 256 characters) and delivery.authorization_header (at most 4096) must be strings.");
    public static readonly OAuthError MissingStreamId = OAuthError.InvalidRequest("MND3507: stream_id is required.");
    public static readonly OAuthError StreamNotFound = new("not_found", "MND3508: No stream of this client has this stream_id.");
    public static readonly OAuthError TooManyStreams = new("conflict", "MND3509: This client owns the largest number of streams allowed; delete one first.");
    public static readonly OAuthError BadStatus = OAuthError.InvalidRequest("MND3510: status must be enabled, paused or disabled; reason, if given, a string.");
    public static readonly OAuthError VerificationTooSoon = new("too_many_requests", "MND3511: A verification was requested on this stream within min_verification_interval.");
    public static readonly OAuthError BadPoll = OAuthError.InvalidRequest("MND3512: The poll request must be a JSON object: maxEvents a non-negative integer, returnImmediately a boolean, ack an array of strings, setErrs an object.");
    public static readonly OAuthError NotPollStream = OAuthError.InvalidRequest("MND3513: This stream is not a poll stream.");
    public static readonly OAuthError PrivateEndpoint = OAuthError.InvalidRequest("MND3600: delivery.endpoint_url must reach a public address; loopback, private, link-local, unique-local and multicast addresses are refused.");
    public static readonly OAuthError Unavailable = OAuthError.TemporarilyUnavailable("MND3514: The event store cannot be reached; retry later.");
}
