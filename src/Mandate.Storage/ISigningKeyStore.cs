namespace Mandate.Storage;

/// <summary>Persistence of signing keys.</summary>
public interface ISigningKeyStore
{
    /// <summary>Lists every key, ordered by creation time.</summary>
    ValueTask<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a key. Throws <see cref="InvalidOperationException"/> when the key id exists.</summary>
    ValueTask AddAsync(SigningKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Replaces the stored key with the same id. Returns false when no such key exists.</summary>
    ValueTask<bool> UpdateAsync(SigningKeyRecord key, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap for the rotation decision of several servers sharing the store: atomically adds
    /// <paramref name="key"/> only when <paramref name="expectedActiveKeyId"/> is active, no other key is active and no
    /// key is pending (that is, nobody has rotated away from the expected key yet).
    /// </summary>
    /// <returns>False, adding nothing, when the condition does not hold.</returns>
    ValueTask<bool> TryAddPendingAsync(SigningKeyRecord key, string expectedActiveKeyId, CancellationToken cancellationToken);

    /// <summary>Compare-and-swap: atomically replaces the stored key with the same id only when its stored state is
    /// <paramref name="expectedState"/>.</summary>
    /// <returns>False, changing nothing, for an unknown id or another state.</returns>
    ValueTask<bool> TryUpdateAsync(SigningKeyRecord key, SigningKeyState expectedState, CancellationToken cancellationToken);
}
