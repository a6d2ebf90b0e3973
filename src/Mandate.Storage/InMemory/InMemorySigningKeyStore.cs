namespace Mandate.Storage.InMemory;

/// <summary>
/// A thread-safe, process-local <see cref="ISigningKeyStore"/> for tests and single-process hosts.
/// Data is lost when the process exits.
/// </summary>
/// <remarks>Records are copied on the way in and out, and times are normalised to UTC.</remarks>
public sealed class InMemorySigningKeyStore : ISigningKeyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _keys = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Lists every key ordered by <see cref="SigningKeyRecord.CreatedAt"/>, then by insertion order.</summary>
    public ValueTask<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<SigningKeyRecord> list = _keys.Values
                .OrderBy(e => e.Key.CreatedAt)
                .ThenBy(e => e.Sequence)
                .Select(e => Copy(e.Key))
                .ToArray();
            return ValueTask.FromResult(list);
        }
    }

    /// <summary>Adds a key.</summary>
    /// <exception cref="InvalidOperationException">A key with the same <see cref="SigningKeyRecord.KeyId"/> exists.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public ValueTask AddAsync(SigningKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_keys.ContainsKey(key.KeyId))
            {
                throw new InvalidOperationException($"A signing key with id '{key.KeyId}' already exists.");
            }

            _keys.Add(key.KeyId, new Entry(Copy(key), ++_sequence));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Replaces the stored key with the same id.</summary>
    /// <returns>False when no such key exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public ValueTask<bool> UpdateAsync(SigningKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_keys.TryGetValue(key.KeyId, out var entry))
            {
                return ValueTask.FromResult(false);
            }

            _keys[key.KeyId] = entry with { Key = Copy(key) };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAddPendingAsync(SigningKeyRecord key, string expectedActiveKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expectedActiveKeyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var expectedIsActive = false;
            foreach (var entry in _keys.Values)
            {
                if (entry.Key.State == SigningKeyState.Pending
                    || (entry.Key.State == SigningKeyState.Active && entry.Key.KeyId != expectedActiveKeyId))
                {
                    return ValueTask.FromResult(false);
                }

                expectedIsActive |= entry.Key.State == SigningKeyState.Active;
            }

            if (!expectedIsActive || _keys.ContainsKey(key.KeyId))
            {
                return ValueTask.FromResult(false);
            }

            _keys.Add(key.KeyId, new Entry(Copy(key), ++_sequence));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(SigningKeyRecord key, SigningKeyState expectedState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_keys.TryGetValue(key.KeyId, out var entry) || entry.Key.State != expectedState)
            {
                return ValueTask.FromResult(false);
            }

            _keys[key.KeyId] = entry with { Key = Copy(key) };
            return ValueTask.FromResult(true);
        }
    }

    private static SigningKeyRecord Copy(SigningKeyRecord key) => key with
    {
        EncryptedPrivateKey = key.EncryptedPrivateKey.ToArray(),
        CreatedAt = key.CreatedAt.ToUniversalTime(),
        ActivatedAt = key.ActivatedAt?.ToUniversalTime(),
        RetiredAt = key.RetiredAt?.ToUniversalTime(),
    };

    private sealed record Entry(SigningKeyRecord Key, long Sequence);
}
