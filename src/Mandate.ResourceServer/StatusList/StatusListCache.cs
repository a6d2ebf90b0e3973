// The API's copies of the issuer's Status List Tokens, one per URI. A check reads a bit from memory: no network call
// per request. A copy older than its ttl (or marked stale by a revocation-feed event) is refreshed in the background,
// single-flight, while it keeps answering until its exp; only a URI never fetched (or a copy past exp) makes the
// request wait for a fetch. With no usable copy, a token issued within the grace period passes and an older one is
// refused (fail closed).
using System.Collections.Concurrent;
using Mandate.Protocol.StatusList;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.StatusList;

internal sealed class StatusListCache(StatusListFetcher fetcher, TimeSpan gracePeriod, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan RetryCooldown = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _lists = new(StringComparer.Ordinal);

    /// <summary>The status of the token at <paramref name="reference"/>, issued at <paramref name="issuedAt"/>.</summary>
    public ValueTask<StatusCheck> CheckAsync(StatusListReference reference, DateTimeOffset issuedAt, string? jwtId, CancellationToken cancellationToken)
    {
        var entry = _lists.GetOrAdd(reference.Uri, static uri => new Entry(uri));
        var now = timeProvider.GetUtcNow().UtcTicks;
        if (entry.Snapshot is { } snapshot && now < snapshot.ExpiresAtTicks)
        {
            if (now >= snapshot.RefreshAtTicks || entry.Stale)
            {
                _ = RefreshAsync(entry);
            }

            return new(Read(snapshot, reference));
        }

        return CheckSlowAsync(entry, reference, issuedAt, jwtId, cancellationToken);
    }

    /// <summary>Installs <paramref name="snapshot"/> as the copy of <paramref name="uri"/> (benchmarks measure the hot path with it).</summary>
    internal void Seed(string uri, StatusListSnapshot snapshot) => _lists.GetOrAdd(uri, static u => new Entry(u)).Snapshot = snapshot;

    /// <summary>A revocation-feed event arrived: refresh every known list now, in the background.</summary>
    public void MarkStale()
    {
        foreach (var entry in _lists.Values)
        {
            entry.Stale = true;
            _ = RefreshAsync(entry);
        }
    }

    private static StatusCheck Read(StatusListSnapshot snapshot, StatusListReference reference) =>
        StatusListBits.Read(snapshot.Bits, reference.Index, snapshot.BitsPerStatus) == 0 ? StatusCheck.Valid : StatusCheck.Revoked;

    private async ValueTask<StatusCheck> CheckSlowAsync(Entry entry, StatusListReference reference, DateTimeOffset issuedAt, string? jwtId, CancellationToken cancellationToken)
    {
        var snapshot = await RefreshAsync(entry).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot is not null && timeProvider.GetUtcNow().UtcTicks < snapshot.ExpiresAtTicks)
        {
            return Read(snapshot, reference);
        }

        if (timeProvider.GetUtcNow() - issuedAt <= gracePeriod)
        {
            return StatusCheck.Valid;
        }

        StatusListLog.Unavailable(logger, jwtId, reference.Uri);
        return StatusCheck.Unavailable;
    }

    // Single-flight per URI; after a failed fetch, callers share its result for RetryCooldown instead of hammering.
    private Task<StatusListSnapshot?> RefreshAsync(Entry entry)
    {
        lock (entry)
        {
            if (entry.Refreshing is { } running)
            {
                return running;
            }

            if (entry.FailedAtTicks != 0 && timeProvider.GetUtcNow().UtcTicks - entry.FailedAtTicks < RetryCooldown.Ticks)
            {
                return Task.FromResult(entry.Snapshot);
            }

            entry.Stale = false;
            var fetch = FetchAsync(entry);
            entry.Refreshing = fetch.IsCompleted ? null : fetch;
            return fetch;
        }
    }

    private async Task<StatusListSnapshot?> FetchAsync(Entry entry)
    {
        StatusListSnapshot? fetched = null;
        try
        {
            fetched = await fetcher.FetchAsync(entry.Uri, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            StatusListLog.FetchFailed(logger, entry.Uri, exception.GetType().Name);
        }

        lock (entry)
        {
            entry.Refreshing = null;
            if (fetched is null)
            {
                entry.FailedAtTicks = timeProvider.GetUtcNow().UtcTicks;
                return entry.Snapshot;
            }

            entry.FailedAtTicks = 0;
            entry.Snapshot = fetched;
            return fetched;
        }
    }

    private sealed class Entry(string uri)
    {
        public string Uri { get; } = uri;

        public volatile StatusListSnapshot? Snapshot;

        public volatile bool Stale;

        public Task<StatusListSnapshot?>? Refreshing;

        public long FailedAtTicks;
    }
}
