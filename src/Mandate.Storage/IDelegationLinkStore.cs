namespace Mandate.Storage;

/// <summary>
/// The durable parent links of token exchange (parent <c>jti</c> → child <c>jti</c>), for cascading revocation:
/// revoking a token revokes every unexpired token derived from it, transitively, also after a server restart and
/// on every node sharing the store.
/// </summary>
public interface IDelegationLinkStore
{
    /// <summary>Stores <paramref name="link"/>. Storing the same (parent, child) pair again is a no-op.</summary>
    ValueTask AddAsync(DelegationLink link, CancellationToken cancellationToken);

    /// <summary>The links whose parent is <paramref name="parentJti"/> and whose <see cref="DelegationLink.ExpiresAt"/> is
    /// after <paramref name="now"/>, in no particular order.</summary>
    ValueTask<IReadOnlyList<DelegationLink>> ListChildrenAsync(string parentJti, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes links whose <see cref="DelegationLink.ExpiresAt"/> is at or before <paramref name="now"/>.</summary>
    /// <returns>The number of links deleted.</returns>
    ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
