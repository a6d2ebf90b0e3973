// Every revocation goes through here: store (append-only log = the feed) -> this node's RevocationList ->
// wake feed subscribers -> observers (audit hook) -> log. Token ids, never token values, are logged.
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Revocation;

internal sealed class RevocationService(
    IRevocationStore store,
    RevocationList list,
    RevocationFeedSignal signal,
    DelegationRegistry delegations,
    IRefreshTokenStore refreshTokens,
    IEnumerable<IRevocationObserver> observers,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<RevocationService> logger)
{
    private readonly IRevocationObserver[] _observers = [.. observers];

    /// <summary>RFC 7009 §2.1: revokes one access token until its <c>exp</c>, and every token derived from it by
    /// exchange (RFC 7009 §2.1 allows revoking related tokens; a delegated token must not outlive its source).</summary>
    public async Task<RevocationEvent> RevokeTokenAsync(string jti, DateTimeOffset expiresAt, string? actorClientId, CancellationToken cancellationToken)
    {
        var root = await AppendAsync(RevocationKind.Token, jti, expiresAt, actorClientId, "revoke", cancellationToken).ConfigureAwait(false);
        // Not cancellable: once the root is revoked, its descendants must be too, and so must the refresh-token
        // families exchanged from any of them.
        await refreshTokens.RevokeByParentAsync(jti, CancellationToken.None).ConfigureAwait(false);
        foreach (var (child, childExpiresAt) in await delegations.DescendantsAsync(jti, CancellationToken.None).ConfigureAwait(false))
        {
            await AppendAsync(RevocationKind.Token, child, childExpiresAt, actorClientId, "revoke-derived", cancellationToken).ConfigureAwait(false);
            await refreshTokens.RevokeByParentAsync(child, CancellationToken.None).ConfigureAwait(false);
        }

        return root;
    }

    /// <summary>Revokes every token of <paramref name="agentId"/> issued up to now (a not-before mark). The mark
    /// matters for the longest token lifetime (plus clock skew), then expires.</summary>
    public Task<RevocationEvent> MarkAgentAsync(string agentId, string? actorClientId, string reason, CancellationToken cancellationToken) =>
        AppendAsync(RevocationKind.AgentNotBefore, agentId, timeProvider.GetUtcNow() + Retention, actorClientId, reason, cancellationToken);

    /// <summary>Revokes every token signed by <paramref name="keyId"/>.</summary>
    public Task<RevocationEvent> RevokeKeyAsync(string keyId, string? actorClientId, CancellationToken cancellationToken) =>
        AppendAsync(RevocationKind.SigningKey, keyId, timeProvider.GetUtcNow() + Retention, actorClientId, "key-revoke", cancellationToken);

    private TimeSpan Retention => options.Value.MaxAccessTokenLifetime + options.Value.ClockSkew;

    private async Task<RevocationEvent> AppendAsync(RevocationKind kind, string subject, DateTimeOffset expiresAt, string? actor, string reason, CancellationToken cancellationToken)
    {
        var revocation = new RevocationEvent { Kind = kind, Subject = subject, At = timeProvider.GetUtcNow(), ExpiresAt = expiresAt };
        var stored = await store.AppendAsync(revocation, CancellationToken.None).ConfigureAwait(false);
        list.Apply(stored);
        signal.Notify();
        Log.Revoked(logger, kind.ToString(), subject, stored.Sequence, actor, reason);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnRevokedAsync(stored, actor, reason, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.RevocationObserverFailed(logger, exception, stored.Sequence);
            }
        }

        return stored;
    }
}
