// draft-ietf-oauth-status-list, privacy considerations (unlinkability) and index reuse: a block is chosen at random among the lists'
// blocks, not in sequence, so an index does not date its token; it is leased with one atomic store write, and the store
// lets nobody else lease it until the lease has ended and every token that may hold one of its indexes has expired.
using System.Security.Cryptography;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.StatusList;

internal sealed class StatusListBlockLeaser(IStatusListStore store, IOptions<StatusListOptions> options, IOptions<MandateServerOptions> server, TimeProvider timeProvider)
{
    /// <summary>The largest block: 1,024 indexes.</summary>
    public const int MaxBlockSize = 1024;

    /// <summary>Indexes per block: 1,024, or a sixteenth of the list when lists are smaller than 16,384 entries, so that
    /// a list always has at least 16 blocks to share among nodes.</summary>
    public int BlockSize => Math.Min(MaxBlockSize, options.Value.ListSize / 16);

    /// <summary>Leases a free block, probing random blocks of list 1, then of list 2, and so on.</summary>
    /// <exception cref="StatusListFullException">Every probe of every list hit a leased block.</exception>
    public async Task<StatusListBlock> LeaseAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var blockSize = BlockSize;
        var blocks = settings.ListSize / blockSize;
        var now = timeProvider.GetUtcNow();
        var leaseEnd = now + settings.BlockLeaseDuration;

        // A token from this block is issued before leaseEnd and lives at most MaxAccessTokenLifetime; the clock skew keeps
        // the block from being reused while an API with a slower clock may still accept such a token.
        var expiresNoLaterThan = leaseEnd + server.Value.MaxAccessTokenLifetime;
        var reusableAt = expiresNoLaterThan + server.Value.ClockSkew;
        for (var list = 1; list <= settings.ListCount; list++)
        {
            for (var attempt = 0; attempt < settings.AllocationAttempts; attempt++)
            {
                var block = RandomNumberGenerator.GetInt32(blocks);
                if (await store.TryLeaseBlockAsync(list, block, reusableAt, now, cancellationToken).ConfigureAwait(false))
                {
                    return new StatusListBlock(list, block, blockSize, leaseEnd, expiresNoLaterThan);
                }
            }
        }

        throw new StatusListFullException();
    }

    /// <summary>Makes a block this node no longer uses reusable once its last token has expired (plus the clock skew),
    /// rather than at the end of its full lease.</summary>
    public ValueTask ReleaseAsync(StatusListBlock block, CancellationToken cancellationToken)
    {
        var reusableAt = (block.LastExpiry ?? timeProvider.GetUtcNow()) + server.Value.ClockSkew;
        return store.ReleaseBlockAsync(block.ListId, block.Block, reusableAt, cancellationToken);
    }
}
