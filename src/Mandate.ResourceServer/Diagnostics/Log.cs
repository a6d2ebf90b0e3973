// Event ids 7000–7999 belong to Mandate.ResourceServer. Token values are never logged: only jti, kid,
// client_id, the failure reason and the delegation depth.
using Mandate.Jose;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Diagnostics;

internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Debug, "Access token {JwtId} of client {ClientId} validated with key {KeyId}; delegation depth {DelegationDepth}.")]
    public static partial void TokenValidated(ILogger logger, string jwtId, string clientId, string? keyId, int delegationDepth);

    [LoggerMessage(7001, LogLevel.Debug, "Access token {JwtId} served from the validated-token cache.")]
    public static partial void TokenValidatedFromCache(ILogger logger, string jwtId);

    [LoggerMessage(7002, LogLevel.Information, "Access token rejected: {Reason} (kid {KeyId}).")]
    public static partial void TokenRejected(ILogger logger, JoseErrorCode reason, string? keyId);

    [LoggerMessage(7003, LogLevel.Information, "Bearer request rejected as invalid_request: {Reason}.")]
    public static partial void InvalidRequest(ILogger logger, string reason);

    [LoggerMessage(7004, LogLevel.Information, "JWKS fetched from {JwksUri}: {KeyCount} usable keys.")]
    public static partial void JwksFetched(ILogger logger, Uri jwksUri, int keyCount);

    [LoggerMessage(7005, LogLevel.Debug, "JWKS at {JwksUri} unchanged.")]
    public static partial void JwksUnchanged(ILogger logger, Uri jwksUri);

    [LoggerMessage(7006, LogLevel.Warning, "Fetching signing keys for issuer {Issuer} failed; cached keys stay in use.")]
    public static partial void JwksFetchFailed(ILogger logger, string issuer, Exception exception);

    [LoggerMessage(7007, LogLevel.Information, "Unknown kid {KeyId}: refreshing the JWKS once.")]
    public static partial void RefreshingForUnknownKey(ILogger logger, string? keyId);

    [LoggerMessage(7008, LogLevel.Debug, "Unknown kid {KeyId}: JWKS refresh skipped, last fetch is within the cooldown.")]
    public static partial void RefreshSuppressedByCooldown(ILogger logger, string? keyId);

    [LoggerMessage(7009, LogLevel.Error, "Authorization server metadata at {MetadataAddress} is unusable: {Reason}.")]
    public static partial void MetadataRejected(ILogger logger, Uri metadataAddress, string reason);

    [LoggerMessage(7010, LogLevel.Warning, "Scheme {Scheme} allows an http issuer ({Issuer}); use this for local development only.")]
    public static partial void HttpIssuerAllowed(ILogger logger, string scheme, string issuer);

    [LoggerMessage(7011, LogLevel.Warning, "JWKS at {JwksUri} holds no usable signing key; cached keys stay in use.")]
    public static partial void JwksEmpty(ILogger logger, Uri jwksUri);

    [LoggerMessage(7012, LogLevel.Debug, "Validated-token cache full: evicted {Count} entries.")]
    public static partial void CacheEvicted(ILogger logger, int count);

    [LoggerMessage(7013, LogLevel.Information, "Request forbidden: required scopes {Scopes}.")]
    public static partial void Forbidden(ILogger logger, string scopes);

    [LoggerMessage(7014, LogLevel.Warning, "Scheme {Scheme} accepts access tokens in the query string (RFC 6750 §2.3); they leak into logs.")]
    public static partial void QueryStringTokensAllowed(ILogger logger, string scheme);

    [LoggerMessage(7015, LogLevel.Information, "Access token {JwtId} refused: revoked (kid {KeyId}).")]
    public static partial void TokenRevoked(ILogger logger, string jwtId, string? keyId);

    [LoggerMessage(7016, LogLevel.Information, "Revocation feed {Feed} connected at cursor {Cursor}.")]
    public static partial void RevocationFeedConnected(ILogger logger, Uri feed, long cursor);

    [LoggerMessage(7017, LogLevel.Warning, "Revocation feed {Feed} failed at cursor {Cursor}; reconnecting.")]
    public static partial void RevocationFeedFailed(ILogger logger, Uri feed, long cursor, Exception exception);

    [LoggerMessage(7018, LogLevel.Warning, "Revocation feed {Feed} was reset by the issuer (cursor {Cursor} is ahead of its log); rebuilding the deny list.")]
    public static partial void RevocationFeedReset(ILogger logger, Uri feed, long cursor);

    [LoggerMessage(7019, LogLevel.Warning, "Token introspection failed or was refused (HTTP {StatusCode}); the token is treated as inactive.")]
    public static partial void IntrospectionFailed(ILogger logger, int statusCode);

    [LoggerMessage(7020, LogLevel.Warning, "Usage sink {Sink} failed; the event is skipped for this sink.")]
    public static partial void UsageSinkFailed(ILogger logger, string sink, Exception exception);

    [LoggerMessage(6570, LogLevel.Information, "DPoP check refused a request: check={Check} jti={JwtId}.")]
    public static partial void DpopRefused(ILogger logger, string check, string jwtId);
}
