// draft-ietf-oauth-status-list, privacy considerations (unlinkability): a leased block's indexes are given out in a random order, so within the
// block an index reveals nothing about the order in which tokens were issued.
using System.Security.Cryptography;

namespace Mandate.Server.StatusList;

/// <summary>A block of consecutive indexes of one list, leased to this node, given out in a shuffled order. Not
/// thread-safe: the allocator takes its indexes under its own lock.</summary>
internal sealed class StatusListBlock
{
    private readonly int[] _order;
    private int _next;

    public StatusListBlock(int listId, int block, int blockSize, DateTimeOffset leaseEnd, DateTimeOffset expiresNoLaterThan)
    {
        ListId = listId;
        Block = block;
        LeaseEnd = leaseEnd;
        ExpiresNoLaterThan = expiresNoLaterThan;
        _order = new int[blockSize];
        for (var i = 0; i < blockSize; i++)
        {
            _order[i] = block * blockSize + i;
        }

        RandomNumberGenerator.Shuffle(_order.AsSpan());
    }

    /// <summary>The list, numbered from 1.</summary>
    public int ListId { get; }

    /// <summary>The block number within the list (its first index is this times the block size).</summary>
    public int Block { get; }

    /// <summary>No index is given out at or after this time.</summary>
    public DateTimeOffset LeaseEnd { get; }

    /// <summary>The latest <c>exp</c> the lease covers: a token that expires later must take an index elsewhere.</summary>
    public DateTimeOffset ExpiresNoLaterThan { get; }

    /// <summary>Indexes not given out yet.</summary>
    public int Remaining => _order.Length - _next;

    /// <summary>The latest <c>exp</c> among the tokens given an index of this block; null when none was.</summary>
    public DateTimeOffset? LastExpiry { get; private set; }

    /// <summary>Takes the next index for a token expiring at <paramref name="expiresAt"/>.</summary>
    /// <returns>False when the block is used up, its lease has ended, or the lease does not cover the token's life.</returns>
    public bool TryTake(DateTimeOffset now, DateTimeOffset expiresAt, out int index)
    {
        if (_next == _order.Length || now >= LeaseEnd || expiresAt > ExpiresNoLaterThan)
        {
            index = -1;
            return false;
        }

        index = _order[_next++];
        if (LastExpiry is not { } last || expiresAt > last)
        {
            LastExpiry = expiresAt;
        }

        return true;
    }
}
