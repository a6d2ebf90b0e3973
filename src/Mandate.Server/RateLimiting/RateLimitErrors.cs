// Client-facing errors of rate limiting at the token endpoint (STYLE §5, IDs MND2720-2729). RFC 6749 defines no
// error code for "too many requests"; the answer is HTTP 429 (RFC 6585 §4) with Retry-After and the code
// temporarily_unavailable, which OAuth clients (Mandate.Agent among them) already treat as "retry later".
using Mandate.Protocol;

namespace Mandate.Server.RateLimiting;

internal static class RateLimitErrors
{
    public static readonly OAuthError PerMinute = new(OAuthErrorCodes.TemporarilyUnavailable, "MND2720: The client's limit of token requests per minute is reached; retry after the Retry-After delay.");
    public static readonly OAuthError PerDay = new(OAuthErrorCodes.TemporarilyUnavailable, "MND2721: The client's limit of token requests per day is reached; retry after the Retry-After delay.");
    public static readonly OAuthError FailedAuthentications = new(OAuthErrorCodes.TemporarilyUnavailable, "MND2722: Too many failed client authentications; retry after the Retry-After delay.");
    public static readonly OAuthError TokenFamilies = new(OAuthErrorCodes.TemporarilyUnavailable, "MND3120: The client's limit of concurrent refresh-token families is reached; retry after the Retry-After delay, or revoke a refresh token it no longer needs.");
    public static readonly OAuthError StoreUnavailable = new(OAuthErrorCodes.TemporarilyUnavailable, "MND2723: The server cannot check the client's request limits right now; retry later.");

    /// <summary>Audit reasons.</summary>
    public const string PerMinuteReason = "rate_limited_per_minute";

    /// <summary>Audit reason of <see cref="PerDay"/>.</summary>
    public const string PerDayReason = "rate_limited_per_day";

    /// <summary>Audit reason of <see cref="TokenFamilies"/>.</summary>
    public const string TokenFamiliesReason = "rate_limited_token_families";
}
