namespace Mandate.Storage;

/// <summary>Small named server secrets (for example the client-secret hashing key), stored as given
/// (callers encrypt them first).</summary>
public interface IServerSecretStore
{
    /// <summary>Returns the stored bytes, or null.</summary>
    ValueTask<byte[]?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores the value when the name is free. Returns false when another value already exists
    /// (the first writer wins, so several nodes agree on one value).</summary>
    ValueTask<bool> TryAddAsync(string name, byte[] value, CancellationToken cancellationToken);
}
