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
}
