// The trusted issuers, read from ITrustedIssuerStore and cached by iss. Reread every RegistryRefreshInterval (so a
// node sees records another node added or removed) and at once after a change through this node's admin API.
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.TrustedIssuers;

internal sealed class TrustedIssuerRegistry(ITrustedIssuerStore store, TimeProvider timeProvider, IOptions<TrustedIssuerOptions> options)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly TimeSpan _interval = options.Value.RegistryRefreshInterval;
    private volatile Snapshot? _snapshot;

    /// <summary>The records whose issuer URL equals <paramref name="issuer"/> exactly, ordered by name; empty when none.</summary>
    public async ValueTask<IReadOnlyList<TrustedIssuer>> FindAsync(string issuer, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.ByIssuer.TryGetValue(issuer, out var list) ? list : [];
    }

    /// <summary>The record with this name, or null.</summary>
    public async ValueTask<TrustedIssuer?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.ByName.TryGetValue(name, out var issuer) ? issuer : null;
    }

    /// <summary>Forgets the cache; the next lookup rereads the store.</summary>
    public void Invalidate() => _snapshot = null;

    private async ValueTask<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && timeProvider.GetUtcNow() - snapshot.LoadedAt < _interval)
        {
            return snapshot;
        }

        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && timeProvider.GetUtcNow() - snapshot.LoadedAt < _interval)
            {
                return snapshot;
            }

            var loadedAt = timeProvider.GetUtcNow();
            var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            var byIssuer = new Dictionary<string, List<TrustedIssuer>>(StringComparer.Ordinal);
            var byName = new Dictionary<string, TrustedIssuer>(StringComparer.Ordinal);
            foreach (var issuer in all)
            {
                byName[issuer.Name] = issuer;
                if (!byIssuer.TryGetValue(issuer.Issuer, out var list))
                {
                    byIssuer[issuer.Issuer] = list = [];
                }

                list.Add(issuer);
            }

            var result = new Snapshot(loadedAt, byName, byIssuer.ToDictionary(static p => p.Key, static p => (IReadOnlyList<TrustedIssuer>)p.Value, StringComparer.Ordinal));
            _snapshot = result;
            return result;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, Dictionary<string, TrustedIssuer> ByName, Dictionary<string, IReadOnlyList<TrustedIssuer>> ByIssuer);
}
