namespace Mandate.Storage;

/// <summary>
/// Allocation of Token Status List indexes to access tokens, and their revoked bits (draft-ietf-oauth-status-list).
/// Nodes that share the store never hand out the same index twice while its holder is unexpired, and they all
/// serve the same bits. An index's revoked bit stays set until the index is allocated again.
/// </summary>
public interface IStatusListStore
{
    /// <summary>
    /// Gives <see cref="StatusListEntry.Index"/> of <see cref="StatusListEntry.ListId"/> to <paramref name="entry"/> if the
    /// index is free: never used, or held by a token whose <see cref="StatusListEntry.ExpiresAt"/> is before
    /// <paramref name="reusableBefore"/>. Reusing an index clears its revoked bit. Atomic: of concurrent callers for one
    /// free index, exactly one succeeds.
    /// </summary>
    /// <returns>True when the index is now <paramref name="entry"/>'s; false when another unexpired token holds it.</returns>
    ValueTask<bool> TryAllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Leases block <paramref name="block"/> of list <paramref name="listId"/> (a run of consecutive indexes whose size the
    /// caller fixes) to the caller, if the block is free: never leased, or its lease's reusable time is before
    /// <paramref name="now"/>. One atomic write: of concurrent callers for one free block, on any node sharing the store,
    /// exactly one succeeds. The caller gives the block's indexes only to tokens that expire before
    /// <paramref name="reusableAt"/> (less the clock skew it allows).
    /// </summary>
    /// <returns>True when the block is now the caller's until <paramref name="reusableAt"/>; false when it is still leased.</returns>
    ValueTask<bool> TryLeaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Brings forward the reusable time of a block the caller leased, once it gives out no more of its indexes: to
    /// <paramref name="reusableAt"/> (the last expiry among the tokens it gave them to, plus the clock skew) when that is
    /// earlier than the leased time. Never moves it later.
    /// </summary>
    ValueTask ReleaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, CancellationToken cancellationToken);

    /// <summary>Sets the revoked bit of the entry whose <see cref="StatusListEntry.TokenId"/> is <paramref name="tokenId"/>.</summary>
    /// <returns>The number of entries whose bit was set (0 when the token holds no index).</returns>
    ValueTask<int> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken);

    /// <summary>Sets the revoked bit of every entry whose <see cref="StatusListEntry.Subject"/> or
    /// <see cref="StatusListEntry.ClientId"/> is <paramref name="agentId"/>, whose <see cref="StatusListEntry.IssuedAt"/> is at
    /// or before <paramref name="issuedAtOrBefore"/> and whose <see cref="StatusListEntry.ExpiresAt"/> is after <paramref name="now"/>.</summary>
    /// <returns>The number of entries whose bit was set.</returns>
    ValueTask<int> RevokeAgentAsync(string agentId, DateTimeOffset issuedAtOrBefore, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Sets the revoked bit of every entry whose <see cref="StatusListEntry.KeyId"/> is <paramref name="keyId"/>
    /// and whose <see cref="StatusListEntry.ExpiresAt"/> is after <paramref name="now"/>.</summary>
    /// <returns>The number of entries whose bit was set.</returns>
    ValueTask<int> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The indexes of list <paramref name="listId"/> whose revoked bit is set, in no particular order.</summary>
    ValueTask<IReadOnlyList<int>> ListRevokedAsync(int listId, CancellationToken cancellationToken);
}
