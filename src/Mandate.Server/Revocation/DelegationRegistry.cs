// The parent links of RFC 8693 exchanges, for cascading revocation: every token issued by exchange is recorded
// under its parent's jti (parent_jti) in IDelegationLinkStore until it expires. Revoking a token then revokes
// every token derived from it, transitively, by appending one "token" event per descendant to the feed, so
// resource servers need nothing beyond their jti deny list. The links are durable (SQLite/PostgreSQL), so the
// cascade also works after a restart and on every node sharing the store; expired links are purged together
// with the revocation log (RevocationPurgeService).
using Mandate.Storage;

namespace Mandate.Server.Revocation;

internal sealed class DelegationRegistry(IDelegationLinkStore store, TimeProvider timeProvider)
{
    /// <summary>A bound on the walk, so a corrupted store with a cycle or a huge fan-out cannot stall /revoke.</summary>
    private const int MaxDescendants = 100_000;

    /// <summary>Records, durably, that <paramref name="childJti"/> was derived from <paramref name="parentJti"/>.</summary>
    public ValueTask RecordAsync(string parentJti, string childJti, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        store.AddAsync(new DelegationLink { ParentJti = parentJti, ChildJti = childJti, ExpiresAt = expiresAt }, cancellationToken);

    /// <summary>Every unexpired token derived from <paramref name="rootJti"/>, directly or through other exchanges
    /// (breadth first: children before grandchildren).</summary>
    public async Task<IReadOnlyList<(string Jti, DateTimeOffset ExpiresAt)>> DescendantsAsync(string rootJti, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var result = new List<(string, DateTimeOffset)>();
        var pending = new Queue<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { rootJti };
        pending.Enqueue(rootJti);
        while (pending.TryDequeue(out var parent) && result.Count < MaxDescendants)
        {
            foreach (var child in await store.ListChildrenAsync(parent, now, cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(child.ChildJti))
                {
                    result.Add((child.ChildJti, child.ExpiresAt));
                    pending.Enqueue(child.ChildJti);
                }
            }
        }

        return result;
    }
}
