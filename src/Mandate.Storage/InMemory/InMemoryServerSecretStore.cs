using System.Collections.Concurrent;

namespace Mandate.Storage.InMemory;

/// <summary>
/// A thread-safe, process-local <see cref="IServerSecretStore"/> for tests and single-process hosts.
/// Data is lost when the process exits, so a secret created here does not survive a restart.
/// </summary>
public sealed class InMemoryServerSecretStore : IServerSecretStore
{
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);

    /// <summary>Returns a copy of the stored bytes, or null when the name is unknown.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public ValueTask<byte[]?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_secrets.TryGetValue(name, out var value) ? value.ToArray() : null);
    }

    /// <summary>Stores a copy of <paramref name="value"/> when the name is free; the first writer wins.</summary>
    /// <returns>False when a value already exists under <paramref name="name"/> (it is left unchanged).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="value"/> is null.</exception>
    public ValueTask<bool> TryAddAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_secrets.TryAdd(name, value.ToArray()));
    }
}
