// Sets the status-list bits of every unexpired access token a stored revocation covers: the token (and, through one
// event each, every token derived from it and every access token of a revoked refresh-token family), every token of a
// suspended, decommissioned or re-keyed agent (as sub or client_id, iat at or before the mark), every token signed by
// a revoked key. The store is shared, so one node setting a bit sets it for every node's list.
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.StatusList;

internal sealed class StatusListRevocationObserver(IStatusListStore store, TimeProvider timeProvider, ILogger<StatusListRevocationObserver> logger) : IRevocationObserver
{
    public async ValueTask OnRevokedAsync(RevocationEvent revocation, string? actorClientId, string reason, CancellationToken cancellationToken)
    {
        // Not cancellable: the revocation is stored; its bits must follow.
        var count = revocation.Kind switch
        {
            RevocationKind.Token => await store.RevokeTokenAsync(revocation.Subject, CancellationToken.None).ConfigureAwait(false),
            RevocationKind.AgentNotBefore => await store.RevokeAgentAsync(revocation.Subject, revocation.At, timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false),
            RevocationKind.SigningKey => await store.RevokeKeyAsync(revocation.Subject, timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false),
            _ => 0,
        };
        StatusListLog.BitsSet(logger, revocation.Kind.ToString(), revocation.Subject, count);
    }
}
