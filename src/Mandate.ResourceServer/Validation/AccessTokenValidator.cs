// RFC 9068 §4 + RFC 8725, per authentication scheme. The JOSE and claim checks themselves are Mandate.Jose's
// JwtValidator (size, alg allow-list, crit, typ, key by kid, alg fixed by the key, signature before claims, iss,
// aud, exp/nbf/iat with skew, required claims); this class adds the key cache, the one-refetch retry for an
// unknown kid, the validated-token cache, the typed view and, when enabled, the token's status in its Token Status
// List (draft-ietf-oauth-status-list §8.3: checked only after the token itself is valid).
using Mandate.Jose;
using Mandate.Jose.Jwt;
using Mandate.ResourceServer.Diagnostics;
using Mandate.ResourceServer.Jwks;
using Mandate.ResourceServer.Revocation;
using Mandate.ResourceServer.StatusList;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Validation;

internal sealed class AccessTokenValidator(
    string authenticationType,
    JwtValidationParameters parameters,
    JwksCache keys,
    ValidatedTokenCache cache,
    RevocationDenyList denyList,
    RevocationFeedClient? feed,
    StatusListCache? statusLists,
    TimeProvider timeProvider,
    MandateBearerMetrics metrics,
    ILogger logger)
{
    public RevocationDenyList DenyList => denyList;

    /// <summary>The feed subscription, when <see cref="MandateBearerOptions.UseRevocationFeed"/> is set.</summary>
    public RevocationFeedClient? Feed => feed;

    public async ValueTask<AccessTokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        // RFC 8725 §3.1 hygiene: refuse oversized input before hashing it for the cache or parsing it.
        if (token.Length > parameters.MaxTokenLength)
        {
            return AccessTokenValidationResult.Fail(JoseErrorCode.TokenTooLarge);
        }

        var keySet = await keys.GetKeysAsync(cancellationToken).ConfigureAwait(false);
        if (cache.TryGet(token, timeProvider.GetUtcNow(), keySet, out var hit))
        {
            if (IsDenied(hit.Identity.AccessToken, hit.KeyId))
            {
                return Revoked(hit.Identity.AccessToken, hit.KeyId);
            }

            if (statusLists is not null && hit.Status is { } cachedStatus
                && await statusLists.CheckAsync(cachedStatus, hit.Identity.AccessToken.IssuedAt, hit.Identity.AccessToken.JwtId, cancellationToken).ConfigureAwait(false) != StatusCheck.Valid)
            {
                return Revoked(hit.Identity.AccessToken, hit.KeyId);
            }

            return new AccessTokenValidationResult((MandateClaimsIdentity)hit.Identity.Clone(), JoseErrorCode.None, true, hit.KeyId);
        }

        if (keySet is null)
        {
            metrics.JwksLookup(hit: false);
            // No key was ever obtained (issuer unreachable since start): nothing can verify the signature.
            keySet = await keys.RefreshForUnknownKeyAsync(null, null, cancellationToken).ConfigureAwait(false);
            if (keySet is null)
            {
                return AccessTokenValidationResult.Fail(JoseErrorCode.UnknownKeyId);
            }
        }

        var result = JwtValidator.Validate(token, keySet, parameters);
        metrics.JwksLookup(hit: result.Error != JoseErrorCode.UnknownKeyId);
        if (result.Error == JoseErrorCode.UnknownKeyId)
        {
            // Key rollover: refetch once (single-flight, cooldown-bounded) and retry in this same request.
            var refreshed = await keys.RefreshForUnknownKeyAsync(keySet, result.Header.Kid, cancellationToken).ConfigureAwait(false);
            if (refreshed is not null && !ReferenceEquals(refreshed, keySet))
            {
                keySet = refreshed;
                result = JwtValidator.Validate(token, keySet, parameters);
            }
        }

        if (!result.IsValid || result.Claims is null)
        {
            return AccessTokenValidationResult.Fail(result.Error, result.Header.Kid);
        }

        if (!AccessTokenReader.TryRead(result.Claims, authenticationType, out var identity) || identity is null)
        {
            return AccessTokenValidationResult.Fail(JoseErrorCode.InvalidClaim, result.KeyId);
        }

        if (IsDenied(identity.AccessToken, result.KeyId))
        {
            return Revoked(identity.AccessToken, result.KeyId);
        }

        StatusListReference? status = null;
        if (statusLists is not null)
        {
            // Fail closed: an API that checks status lists refuses a token that names no list under its issuer.
            if (!StatusListReference.TryRead(result.Claims, parameters.ValidIssuer!, out status))
            {
                StatusListLog.MissingReference(logger, identity.AccessToken.JwtId);
                return AccessTokenValidationResult.Fail(JoseErrorCode.InvalidClaim, result.KeyId);
            }

            if (await statusLists.CheckAsync(status!, identity.AccessToken.IssuedAt, identity.AccessToken.JwtId, cancellationToken).ConfigureAwait(false) != StatusCheck.Valid)
            {
                return Revoked(identity.AccessToken, result.KeyId);
            }
        }

        var validUntil = identity.AccessToken.ExpiresAt + parameters.ClockSkew;
        var evicted = cache.Add(token, new ValidatedToken(identity, keySet, validUntil.UtcTicks, result.KeyId, status), timeProvider.GetUtcNow());
        if (evicted > 0)
        {
            Log.CacheEvicted(logger, evicted);
        }

        return new AccessTokenValidationResult((MandateClaimsIdentity)identity.Clone(), JoseErrorCode.None, false, result.KeyId);
    }

    // Checked after the signature (so a forged jti cannot probe the list) and on every cache hit (so a revocation
    // applies to tokens validated before it arrived).
    private bool IsDenied(MandateAccessToken token, string? keyId) =>
        denyList.IsDenied(token.JwtId, token.AgentId, token.ClientId, token.IssuedAt, keyId);

    private static AccessTokenValidationResult Revoked(MandateAccessToken token, string? keyId) => new(null, JoseErrorCode.None, false, keyId, token.JwtId);
}
