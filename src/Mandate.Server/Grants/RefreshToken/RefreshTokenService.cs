// Refresh-token families: issue (after the access token is minted), rotate with an atomic compare-and-swap,
// revoke a family with every access token issued from it, and answer /revoke and /introspect for refresh tokens.
//  - RFC 6749 §6: the new refresh token keeps the original scope; the old one is invalidated on use.
//  - RFC 9700 §4.14.2: rotation on every use; presenting an invalidated (rotated) token revokes the whole
//    family. Two concurrent uses of one token: exactly one rotation succeeds (IRefreshTokenStore.TryRotateAsync);
//    the other is reuse of an invalidated token, so the family is revoked.
//  - RFC 7009 §2.1: revoking a refresh token revokes its family and the access tokens issued from it.
//  - The agent's policy may cap its live families (AgentMonitoringPolicy.MaxTokenFamilies): a new family beyond it
//    is refused (429, Retry-After until the soonest live family expires) and the access token minted with it is
//    revoked unsent; a rotation is never refused.
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Anomaly;
using Mandate.Server.RateLimiting;
using Mandate.Server.Revocation;
using Mandate.Server.Tokens;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.RefreshToken;

internal sealed class RefreshTokenService(
    IRefreshTokenStore store,
    RefreshTokenValues values,
    RevocationService revocations,
    RevocationList revocationList,
    MonitoringPolicyCache policies,
    TimeProvider timeProvider,
    IOptions<RefreshTokenOptions> options,
    ILogger<RefreshTokenService> logger)
{
    private readonly RefreshTokenOptions _options = options.Value;

    /// <summary>Issues the refresh token asked for by <paramref name="grant"/> next to <paramref name="token"/>; a null
    /// token and an error when the presented token lost the rotation race (reuse), or, with a Retry-After delay, when
    /// a new family would exceed the limit of agent <paramref name="agentId"/>.</summary>
    public async Task<(TokenResponse? Token, OAuthError? Error, TimeSpan? RetryAfter)> AttachAsync(ApprovedGrant grant, RefreshTokenIntent intent, TokenResponse token, string agentId)
    {
        var now = timeProvider.GetUtcNow();
        var value = RefreshTokenValues.Create();
        var rotating = intent.Rotating;
        var familyExpiresAt = rotating?.FamilyExpiresAt ?? now + _options.AbsoluteLifetime;
        var idleExpiresAt = now + _options.IdleLifetime;
        var record = new RefreshTokenRecord
        {
            TokenHash = values.Hash(value),
            FamilyId = rotating?.FamilyId ?? RefreshTokenValues.CreateFamilyId(),
            ClientId = grant.ClientId,
            Subject = grant.Subject,
            Actors = grant.Actors,
            // RFC 6749 §6: "the refresh token scope MUST be identical to that of the refresh token included by the client".
            Scopes = rotating?.Scopes ?? grant.Scopes,
            Audience = grant.Audience,
            ParentJti = rotating?.ParentJti ?? grant.ParentTokenId,
            AccessTokenJti = token.TokenId,
            AccessTokenExpiresAt = now.AddSeconds(token.ExpiresIn),
            State = RefreshTokenState.Active,
            IssuedAt = now,
            ExpiresAt = idleExpiresAt < familyExpiresAt ? idleExpiresAt : familyExpiresAt,
            FamilyExpiresAt = familyExpiresAt,
            AuthorizationDetails = rotating is null ? grant.AuthorizationDetails : rotating.AuthorizationDetails,
        };

        // Not cancellable: the access token is minted; its refresh record must be stored or the family revoked.
        var limit = rotating is null ? (await policies.GetAsync(agentId, CancellationToken.None).ConfigureAwait(false))?.MaxTokenFamilies ?? 0 : 0;
        if (rotating is null)
        {
            if (limit > 0)
            {
                var admission = await store.TryCreateFamilyAsync(record, limit, now, CancellationToken.None).ConfigureAwait(false);
                if (!admission.Created)
                {
                    Log.RefreshFamilyLimited(logger, grant.ClientId, limit, token.TokenId);
                    await revocations.RevokeTokenAsync(token.TokenId, now.AddSeconds(token.ExpiresIn), grant.ClientId, CancellationToken.None).ConfigureAwait(false);
                    return (null, RateLimitErrors.TokenFamilies, (admission.SoonestExpiry ?? now) - now);
                }
            }
            else
            {
                await store.CreateAsync(record, CancellationToken.None).ConfigureAwait(false);
            }

            Log.RefreshFamilyCreated(logger, record.FamilyId, grant.ClientId, grant.Subject, token.TokenId);
        }
        else if (!await store.TryRotateAsync(rotating.TokenHash, record, CancellationToken.None).ConfigureAwait(false))
        {
            // Lost the compare-and-swap: the token was used concurrently, i.e. presented after it was invalidated.
            Log.RefreshTokenReused(logger, rotating.FamilyId, grant.ClientId);
            await revocations.RevokeTokenAsync(token.TokenId, now.AddSeconds(token.ExpiresIn), grant.ClientId, CancellationToken.None).ConfigureAwait(false);
            await RevokeFamilyAsync(rotating.FamilyId, grant.ClientId, CancellationToken.None).ConfigureAwait(false);
            return (null, RefreshTokenErrors.Invalid, null);
        }
        else
        {
            Log.RefreshTokenRotated(logger, record.FamilyId, grant.ClientId, token.TokenId);
        }

        return (token with { RefreshToken = value }, null, null);
    }

    /// <summary>Revokes every refresh token of the family and every unexpired access token issued from it.</summary>
    public async Task RevokeFamilyAsync(string familyId, string? actorClientId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var family = await store.RevokeFamilyAsync(familyId, cancellationToken).ConfigureAwait(false);
        Log.RefreshFamilyRevoked(logger, familyId, family.Count, actorClientId);
        foreach (var record in family)
        {
            if (record.AccessTokenJti is { } jti && record.AccessTokenExpiresAt is { } expiresAt && expiresAt > now
                && !revocationList.IsRevoked(jti, null, null, null, null))
            {
                await revocations.RevokeTokenAsync(jti, expiresAt, actorClientId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The stored record of <paramref name="value"/> when it is shaped like a refresh token, else null.</summary>
    public async Task<RefreshTokenRecord?> FindAsync(string value, CancellationToken cancellationToken) =>
        RefreshTokenValues.IsRefreshToken(value) ? await store.FindAsync(values.Hash(value), cancellationToken).ConfigureAwait(false) : null;

    /// <summary>True when <paramref name="record"/> may be used now (active, within its idle and absolute limits).</summary>
    public bool IsUsable(RefreshTokenRecord record)
    {
        var now = timeProvider.GetUtcNow();
        return record.State == RefreshTokenState.Active && now < record.ExpiresAt && now < record.FamilyExpiresAt;
    }

    /// <summary>RFC 7009 for a refresh token: the owning client (or an admin) revokes its family. Returns false only
    /// when another client's token was presented; an unknown value is a successful no-op (RFC 7009 §2.2).</summary>
    public async Task<bool> RevokeAsync(Agent caller, string value, CancellationToken cancellationToken)
    {
        if (await FindAsync(value, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return true;
        }

        if (record.ClientId != caller.ClientId && !AgentPolicyValidator.Contains(caller.AllowedScopes, MandateScopes.Admin))
        {
            return false;
        }

        if (record.State != RefreshTokenState.Revoked)
        {
            await RevokeFamilyAsync(record.FamilyId, caller.ClientId, CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }
}
