using System.Collections.Concurrent;

namespace Mandate.Storage.InMemory;

/// <summary>A thread-safe, process-local <see cref="ITrustedIssuerStore"/>; data is lost when the process exits.</summary>
public sealed class InMemoryTrustedIssuerStore : ITrustedIssuerStore
{
    private readonly ConcurrentDictionary<string, TrustedIssuer> _issuers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<bool> TryAddAsync(TrustedIssuer issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_issuers.TryAdd(issuer.Name, issuer));
    }

    /// <inheritdoc />
    public ValueTask<TrustedIssuer?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_issuers.TryGetValue(name, out var issuer) ? issuer : null);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TrustedIssuer>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = _issuers.Values.ToList();
        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return ValueTask.FromResult<IReadOnlyList<TrustedIssuer>>(list);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_issuers.TryRemove(name, out _));
    }
}
