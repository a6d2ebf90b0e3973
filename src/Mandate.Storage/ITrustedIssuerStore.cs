namespace Mandate.Storage;

/// <summary>The registered <see cref="TrustedIssuer"/> records, keyed by name.</summary>
public interface ITrustedIssuerStore
{
    /// <summary>Adds <paramref name="issuer"/>. Returns false when the name is taken (nothing changes).</summary>
    ValueTask<bool> TryAddAsync(TrustedIssuer issuer, CancellationToken cancellationToken);

    /// <summary>The record with this name, or null.</summary>
    ValueTask<TrustedIssuer?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>All records, ordered by name (ordinal).</summary>
    ValueTask<IReadOnlyList<TrustedIssuer>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the record. Returns false when no record had this name.</summary>
    ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken);
}
