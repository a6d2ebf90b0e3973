namespace Mandate.Storage.InMemory;

/// <summary>A thread-safe, process-local <see cref="IStatusListStore"/>; its entries are lost with the process.</summary>
public sealed class InMemoryStatusListStore : IStatusListStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int List, int Index), Slot> _slots = [];
    private readonly Dictionary<string, (int List, int Index)> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<(int List, int Block), DateTimeOffset> _leases = [];

    /// <inheritdoc />
    public ValueTask<bool> TryAllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = (entry.ListId, entry.Index);
        lock (_gate)
        {
            if (_slots.TryGetValue(key, out var held))
            {
                if (held.Entry.ExpiresAt >= reusableBefore)
                {
                    return ValueTask.FromResult(false);
                }

                _byToken.Remove(held.Entry.TokenId);
            }

            _slots[key] = new Slot(entry);
            _byToken[entry.TokenId] = key;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryLeaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue((listId, block), out var held) && held >= now)
            {
                return ValueTask.FromResult(false);
            }

            _leases[(listId, block)] = reusableAt;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue((listId, block), out var held) && reusableAt < held)
            {
                _leases[(listId, block)] = reusableAt;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        lock (_gate)
        {
            if (!_byToken.TryGetValue(tokenId, out var key))
            {
                return ValueTask.FromResult(0);
            }

            _slots[key].Revoked = true;
            return ValueTask.FromResult(1);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeAgentAsync(string agentId, DateTimeOffset issuedAtOrBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return RevokeWhere(e => (e.Subject == agentId || e.ClientId == agentId) && e.IssuedAt <= issuedAtOrBefore && e.ExpiresAt > now);
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return RevokeWhere(e => e.KeyId == keyId && e.ExpiresAt > now);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> ListRevokedAsync(int listId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var revoked = new List<int>();
            foreach (var (key, slot) in _slots)
            {
                if (key.List == listId && slot.Revoked)
                {
                    revoked.Add(key.Index);
                }
            }

            return ValueTask.FromResult<IReadOnlyList<int>>(revoked);
        }
    }

    private ValueTask<int> RevokeWhere(Func<StatusListEntry, bool> match)
    {
        var count = 0;
        lock (_gate)
        {
            foreach (var slot in _slots.Values)
            {
                if (match(slot.Entry))
                {
                    slot.Revoked = true;
                    count++;
                }
            }
        }

        return ValueTask.FromResult(count);
    }

    private sealed class Slot(StatusListEntry entry)
    {
        public StatusListEntry Entry { get; } = entry;

        public bool Revoked { get; set; }
    }
}
