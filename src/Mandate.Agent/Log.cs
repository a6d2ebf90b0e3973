using Microsoft.Extensions.Logging;

namespace Mandate.Agent;

// EventIds 8000–8999. Never log token values, secrets or client assertions.
internal static partial class Log
{
    [LoggerMessage(8000, LogLevel.Debug, "Requesting a token for client {ClientId} (scope '{Scope}', resource '{Resource}', attempt {Attempt}).")]
    public static partial void TokenRequesting(ILogger logger, string clientId, string? scope, string? resource, int attempt);

    [LoggerMessage(8001, LogLevel.Information, "Token issued to client {ClientId} (scope '{Scope}', expires in {ExpiresInSeconds} s).")]
    public static partial void TokenIssued(ILogger logger, string clientId, string? scope, double expiresInSeconds);

    [LoggerMessage(8002, LogLevel.Warning, "Token request for client {ClientId} failed transiently ({Reason}) on attempt {Attempt}; retrying in {DelayMilliseconds} ms.")]
    public static partial void TokenRequestRetrying(ILogger logger, string clientId, string reason, int attempt, double delayMilliseconds);

    [LoggerMessage(8003, LogLevel.Error, "Token request for client {ClientId} was rejected with '{Error}' (HTTP {StatusCode}); not retrying.")]
    public static partial void TokenRequestRejected(ILogger logger, string clientId, string error, int? statusCode);

    [LoggerMessage(8004, LogLevel.Warning, "Renewing the token of client {ClientId} failed transiently ({Error}); the current token stays in use for {RemainingSeconds} s more.")]
    public static partial void RenewalFailedUsingCurrentToken(ILogger logger, string clientId, string error, double remainingSeconds);

    [LoggerMessage(8005, LogLevel.Debug, "Discovered token endpoint {TokenEndpoint} for issuer {Issuer}.")]
    public static partial void MetadataDiscovered(ILogger logger, Uri issuer, Uri tokenEndpoint);

    [LoggerMessage(8006, LogLevel.Information, "The API rejected the access token (invalid_token); renewing it and retrying {Method} {Uri} once.")]
    public static partial void RetryingAfterInvalidToken(ILogger logger, HttpMethod method, Uri? uri);

    [LoggerMessage(8007, LogLevel.Warning, "The API rejected the access token (invalid_token) but the request content of {Method} {Uri} cannot be replayed; returning the 401.")]
    public static partial void InvalidTokenNotReplayable(ILogger logger, HttpMethod method, Uri? uri);

    [LoggerMessage(8008, LogLevel.Error, "Token request for client {ClientId} failed after {Attempts} attempt(s) ({Error}).")]
    public static partial void TokenRequestGaveUp(ILogger logger, string clientId, int attempts, string error);

    [LoggerMessage(8009, LogLevel.Trace, "Cached token for client {ClientId} dropped after the API rejected it.")]
    public static partial void TokenInvalidated(ILogger logger, string clientId);

    [LoggerMessage(8010, LogLevel.Debug, "Client {ClientId} exchanging a token (RFC 8693) for scope '{Scope}', target '{Target}' (attempt {Attempt}).")]
    public static partial void ExchangeRequesting(ILogger logger, string clientId, string? scope, string? target, int attempt);

    [LoggerMessage(8011, LogLevel.Information, "Token exchanged by client {ClientId} (scope '{Scope}', issued_token_type {IssuedTokenType}, expires in {ExpiresInSeconds} s).")]
    public static partial void TokenExchanged(ILogger logger, string clientId, string? scope, string? issuedTokenType, double expiresInSeconds);

    [LoggerMessage(8012, LogLevel.Debug, "The subject token's expiry is unknown (not a JWT with exp and none given); the exchanged token for client {ClientId} is not cached.")]
    public static partial void SubjectExpiryUnknown(ILogger logger, string clientId);
}
