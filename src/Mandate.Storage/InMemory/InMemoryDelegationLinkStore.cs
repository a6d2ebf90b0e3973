namespace Mandate.Storage.InMemory;

/// <summary>A thread-safe, process-local <see cref="IDelegationLinkStore"/>; its links are lost with the process.</summary>
public sealed class InMemoryDelegationLinkStore : IDelegationLinkStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, DelegationLink>> _children = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask AddAsync(DelegationLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_gate)
        {
            if (!_children.TryGetValue(link.ParentJti, out var children))
            {
                _children[link.ParentJti] = children = new(StringComparer.Ordinal);
            }

            children.TryAdd(link.ChildJti, link);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DelegationLink>> ListChildrenAsync(string parentJti, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentJti);
        lock (_gate)
        {
            var result = new List<DelegationLink>();
            if (_children.TryGetValue(parentJti, out var children))
            {
                foreach (var link in children.Values)
                {
                    if (link.ExpiresAt > now)
                    {
                        result.Add(link);
                    }
                }
            }

            return ValueTask.FromResult<IReadOnlyList<DelegationLink>>(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = 0;
        lock (_gate)
        {
            var empty = new List<string>();
            foreach (var (parent, children) in _children)
            {
                var expired = new List<string>();
                foreach (var link in children.Values)
                {
                    if (link.ExpiresAt <= now)
                    {
                        expired.Add(link.ChildJti);
                    }
                }

                foreach (var child in expired)
                {
                    children.Remove(child);
                }

                deleted += expired.Count;
                if (children.Count == 0)
                {
                    empty.Add(parent);
                }
            }

            foreach (var parent in empty)
            {
                _children.Remove(parent);
            }
        }

        return ValueTask.FromResult(deleted);
    }
}
