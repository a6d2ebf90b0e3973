// The parent link of RFC 8693 exchanges, for cascading revocation: every token issued by exchange is recorded
// under its parent's jti (parent_jti) until it expires. Revoking a token then revokes every token derived from
// it, transitively, by appending one "token" event per descendant to the feed, so resource servers need
// nothing beyond their jti deny list.
// Deliberate limit: the registry is in memory, so links of tokens issued before a server restart are lost
// (those descendants then live until their exp, at most MaxAccessTokenLifetime).
// TODO(v1.1): persist the links next to the revocation log for restarts and multi-node, #6
namespace Mandate.Server.Revocation;

internal sealed class DelegationRegistry(TimeProvider timeProvider)
{
    private const int PurgeEvery = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(string Jti, DateTimeOffset ExpiresAt)>> _children = new(StringComparer.Ordinal);
    private int _recorded;

    /// <summary>Records that <paramref name="childJti"/> was derived from <paramref name="parentJti"/>.</summary>
    public void Record(string parentJti, string childJti, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            if (!_children.TryGetValue(parentJti, out var list))
            {
                _children[parentJti] = list = [];
            }

            list.Add((childJti, expiresAt));
            if (++_recorded % PurgeEvery == 0)
            {
                Purge(timeProvider.GetUtcNow());
            }
        }
    }

    /// <summary>Every unexpired token derived from <paramref name="rootJti"/>, directly or through other exchanges.</summary>
    public IReadOnlyList<(string Jti, DateTimeOffset ExpiresAt)> Descendants(string rootJti)
    {
        var now = timeProvider.GetUtcNow();
        var result = new List<(string, DateTimeOffset)>();
        var pending = new Queue<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { rootJti };
        pending.Enqueue(rootJti);
        lock (_gate)
        {
            while (pending.TryDequeue(out var parent))
            {
                if (!_children.TryGetValue(parent, out var list))
                {
                    continue;
                }

                foreach (var child in list)
                {
                    if (child.ExpiresAt > now && seen.Add(child.Jti))
                    {
                        result.Add(child);
                        pending.Enqueue(child.Jti);
                    }
                }
            }
        }

        return result;
    }

    private void Purge(DateTimeOffset now)
    {
        var empty = new List<string>();
        foreach (var (parent, list) in _children)
        {
            list.RemoveAll(child => child.ExpiresAt <= now);
            if (list.Count == 0)
            {
                empty.Add(parent);
            }
        }

        foreach (var parent in empty)
        {
            _children.Remove(parent);
        }
    }
}
