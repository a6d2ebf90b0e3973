// [LoggerMessage] events of rate limiting, EventIds 6620-6629. Never a token or secret; a claimed client id is
// client-supplied and bounded before it is logged.
using Microsoft.Extensions.Logging;

namespace Mandate.Server.RateLimiting;

internal static partial class RateLimitLog
{
    [LoggerMessage(6620, LogLevel.Warning, "The rate-limit store failed ({ErrorType}: {ErrorMessage}); the request was answered 503.")]
    public static partial void StoreFailed(ILogger logger, string errorType, string errorMessage);

    [LoggerMessage(6621, LogLevel.Warning, "Failed client authentications for {Kind} {Value} reached {Limit} in the current window; until {Until} further failures are answered 429 and not audited one by one.")]
    public static partial void FailuresLimited(ILogger logger, string kind, string value, int limit, DateTimeOffset until);

    [LoggerMessage(6622, LogLevel.Debug, "Agent {AgentId} reached its token request limit ({Reason}); retry after {RetryAfter}.")]
    public static partial void AgentLimited(ILogger logger, string agentId, string reason, TimeSpan retryAfter);
}
