// draft-ietf-oauth-status-list §6.1 (the status claim) and its privacy considerations. Indexes come from blocks this
// node leases in the shared store (StatusListBlockLeaser): one store write per block, not per token. Within a block the
// order is shuffled, and the next block is leased when half of the current one is given out, so no token waits for a
// lease. The holder row (jti, subject, client, kid, iat, exp) is still written per token, before the token is sent:
// revoking by token, agent and key finds the index through it.
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.StatusList;

internal sealed class StatusListAllocator(IStatusListStore store, StatusListBlockLeaser leaser, StatusListUris uris, IOptions<MandateServerOptions> server, TimeProvider timeProvider, ILogger<StatusListAllocator> logger)
{
    private readonly Lock _gate = new();
    private StatusListBlock? _current;
    private Task<StatusListBlock>? _next;

    /// <summary>Gives the token a free index. The holder fields are what revoking by token, agent and key match on.</summary>
    /// <exception cref="StatusListFullException">No block of any list could be leased.</exception>
    public async ValueTask<StatusReference> AllocateAsync(string tokenId, string subject, string clientId, string keyId, long issuedAt, long expiresAt, CancellationToken cancellationToken)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresAt);
        var fruitlessLeases = 0;
        var justLeased = false;
        while (true)
        {
            var (block, index, pending) = Take(expires);
            if (block is not null)
            {
                justLeased = false;
                var entry = new StatusListEntry
                {
                    ListId = block.ListId,
                    Index = index,
                    TokenId = tokenId,
                    Subject = subject,
                    ClientId = clientId,
                    KeyId = keyId,
                    IssuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAt),
                    ExpiresAt = expires,
                };

                // The block is this node's, so the index is free unless a holder written before blocks were leased (an
                // upgraded store) still lives; then the next index of the block is taken.
                var reusableBefore = timeProvider.GetUtcNow() - server.Value.ClockSkew;
                if (await store.TryAllocateAsync(entry, reusableBefore, cancellationToken).ConfigureAwait(false))
                {
                    return new StatusReference(block.ListId, index, uris.For(block.ListId));
                }

                continue;
            }

            // A token whose exp no fresh lease covers would loop for ever: a lifetime above MaxAccessTokenLifetime.
            if (justLeased && ++fruitlessLeases > 2)
            {
                throw new InvalidOperationException("A token outlives every status-list block lease (its lifetime exceeds MaxAccessTokenLifetime).");
            }

            await InstallAsync(pending!).ConfigureAwait(false);
            justLeased = true;
        }
    }

    // The fast path: an index from the current block, under the lock, without I/O.
    private (StatusListBlock? Block, int Index, Task<StatusListBlock>? Pending) Take(DateTimeOffset expiresAt)
    {
        StatusListBlock? retired = null;
        (StatusListBlock?, int, Task<StatusListBlock>?) result;
        lock (_gate)
        {
            // A lease that failed in the background (the store was down while prefetching) is not kept: its exception
            // would fail a request long after the store came back. The next lease is tried afresh.
            if (_next is { IsFaulted: true } or { IsCanceled: true })
            {
                _next = null;
            }

            if (_current is { } current && current.TryTake(timeProvider.GetUtcNow(), expiresAt, out var index))
            {
                if (_next is null && current.Remaining <= leaser.BlockSize / 2)
                {
                    _next = LeaseInBackground();
                }

                return (current, index, null);
            }

            retired = _current;
            _current = null;
            _next ??= LeaseInBackground();
            result = (null, -1, _next);
        }

        if (retired is not null)
        {
            _ = ReleaseAsync(retired);
        }

        return result;
    }

    // Waits for the lease in flight and makes it the current block (once, whichever waiter gets there first). A failed
    // lease is forgotten, so the next token tries again.
    private async Task InstallAsync(Task<StatusListBlock> pending)
    {
        StatusListBlock leased;
        try
        {
            leased = await pending.ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                if (ReferenceEquals(_next, pending))
                {
                    _next = null;
                }
            }

            throw;
        }

        lock (_gate)
        {
            if (ReferenceEquals(_next, pending))
            {
                _next = null;
                if (_current is null)
                {
                    _current = leased;
                    return;
                }
            }
            else
            {
                return;
            }
        }

        // A block was installed meanwhile (cannot happen while only Take clears _current, but never keep two).
        _ = ReleaseAsync(leased);
    }

    // Not the caller's cancellation: the lease serves every token that follows.
    private Task<StatusListBlock> LeaseInBackground() => Task.Run(() => leaser.LeaseAsync(CancellationToken.None));

    private async Task ReleaseAsync(StatusListBlock block)
    {
        try
        {
            await leaser.ReleaseAsync(block, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The lease then simply runs its full course: the block is reusable later, never earlier.
            StatusListLog.ReleaseFailed(logger, exception, block.ListId, block.Block);
        }
    }
}
