namespace Mandate.Storage.InMemory;

/// <summary>A thread-safe, process-local <see cref="IRefreshTokenStore"/>; every family is lost with the process.</summary>
public sealed class InMemoryRefreshTokenStore : IRefreshTokenStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RefreshTokenRecord> _tokens = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask CreateAsync(RefreshTokenRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (!_tokens.TryAdd(record.TokenHash, record))
            {
                throw new InvalidOperationException("A refresh token with this hash already exists.");
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<RefreshFamilyAdmission> TryCreateFamilyAsync(RefreshTokenRecord record, int maxLiveFamilies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLiveFamilies, 1);
        lock (_gate)
        {
            var live = LiveFamilies(record.ClientId, now);
            if (live.Count >= maxLiveFamilies)
            {
                return ValueTask.FromResult(new RefreshFamilyAdmission(false, live.Min(r => r.ExpiresAt)));
            }

            if (!_tokens.TryAdd(record.TokenHash, record))
            {
                throw new InvalidOperationException("A refresh token with this hash already exists.");
            }

            return ValueTask.FromResult(new RefreshFamilyAdmission(true, null));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> CountLiveFamiliesAsync(string clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        lock (_gate)
        {
            return ValueTask.FromResult(LiveFamilies(clientId, now).Count);
        }
    }

    // Caller holds _gate. One active, unexpired token per live family.
    private List<RefreshTokenRecord> LiveFamilies(string clientId, DateTimeOffset now) =>
        [.. _tokens.Values
            .Where(r => r.ClientId == clientId && r.State == RefreshTokenState.Active && r.ExpiresAt > now && r.FamilyExpiresAt > now)
            .DistinctBy(r => r.FamilyId)];

    /// <inheritdoc />
    public ValueTask<RefreshTokenRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        lock (_gate)
        {
            return ValueTask.FromResult(_tokens.GetValueOrDefault(tokenHash));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryRotateAsync(string currentHash, RefreshTokenRecord next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(currentHash);
        ArgumentNullException.ThrowIfNull(next);
        lock (_gate)
        {
            if (!_tokens.TryGetValue(currentHash, out var current) || current.State != RefreshTokenState.Active || _tokens.ContainsKey(next.TokenHash))
            {
                return ValueTask.FromResult(false);
            }

            _tokens[currentHash] = current with { State = RefreshTokenState.Rotated };
            _tokens[next.TokenHash] = next;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RefreshTokenRecord>> RevokeFamilyAsync(string familyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(familyId);
        lock (_gate)
        {
            var family = new List<RefreshTokenRecord>();
            foreach (var record in _tokens.Values.ToArray())
            {
                if (string.Equals(record.FamilyId, familyId, StringComparison.Ordinal))
                {
                    var revoked = record with { State = RefreshTokenState.Revoked };
                    _tokens[record.TokenHash] = revoked;
                    family.Add(revoked);
                }
            }

            return ValueTask.FromResult<IReadOnlyList<RefreshTokenRecord>>(family);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeByAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return ValueTask.FromResult(RevokeWhere(r => string.Equals(r.ClientId, agentId, StringComparison.Ordinal) || string.Equals(r.Subject, agentId, StringComparison.Ordinal)));
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeByParentAsync(string parentJti, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentJti);
        return ValueTask.FromResult(RevokeWhere(r => string.Equals(r.ParentJti, parentJti, StringComparison.Ordinal)));
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var expired = _tokens.Values.Where(r => r.FamilyExpiresAt <= now).Select(r => r.TokenHash).ToArray();
            foreach (var hash in expired)
            {
                _tokens.Remove(hash);
            }

            return ValueTask.FromResult(expired.Length);
        }
    }

    private int RevokeWhere(Func<RefreshTokenRecord, bool> predicate)
    {
        lock (_gate)
        {
            var changed = 0;
            foreach (var record in _tokens.Values.ToArray())
            {
                if (record.State != RefreshTokenState.Revoked && predicate(record))
                {
                    _tokens[record.TokenHash] = record with { State = RefreshTokenState.Revoked };
                    changed++;
                }
            }

            return changed;
        }
    }
}
