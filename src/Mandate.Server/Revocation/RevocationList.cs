// The server's in-memory view of every revocation that still matters (jti deny set, per-agent not-before
// marks, revoked kids), so /introspect and the admin API check revocation without a store read. Loaded from
// IRevocationStore at start-up, updated by RevocationService on this node, and caught up with the store's head by
// RevocationFollower (every StorePollInterval) for revocations made by other servers sharing the store: a cursor
// over the log's sequence, so only events after the last one read are fetched, never the whole log.
using Mandate.Storage;

namespace Mandate.Server.Revocation;

internal sealed class RevocationList(IRevocationStore store, TimeProvider timeProvider)
{
    private const int PageSize = 1000;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private long _cursor;
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RevocationEvent> _agentMarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    // Lock-free copy of the marks in whole seconds for the token endpoint's hot path.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _markSeconds = new(StringComparer.Ordinal);

    /// <summary>Loads every event from the store.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => CatchUpAsync(cancellationToken);

    /// <summary>The sequence of the last event read from the store.</summary>
    public long Cursor => Volatile.Read(ref _cursor);

    /// <summary>
    /// Reads the store's head (one cheap query) and, when it moved, applies the events after the cursor: the ones
    /// appended by other servers sharing the store (this server's own are applied already; applying twice is harmless).
    /// </summary>
    /// <returns>The events read, in sequence order; empty when the head did not move.</returns>
    public async Task<IReadOnlyList<RevocationEvent>> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var head = await store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            var cursor = _cursor;
            if (head == cursor)
            {
                return [];
            }

            if (head < cursor)
            {
                cursor = 0; // the store lost its log (an in-memory store); read it again
            }

            var read = new List<RevocationEvent>();
            while (true)
            {
                var page = await store.ListAfterAsync(cursor, PageSize, cancellationToken).ConfigureAwait(false);
                foreach (var revocation in page)
                {
                    Apply(revocation);
                    cursor = revocation.Sequence;
                }

                read.AddRange(page);
                if (page.Count < PageSize)
                {
                    // Every event up to the head read before this page is visible (IRevocationStore.GetHeadAsync) or was
                    // purged as expired, so the cursor may skip to it and the next call does not read the gap again.
                    Volatile.Write(ref _cursor, Math.Max(cursor, head));
                    return read;
                }

                Volatile.Write(ref _cursor, cursor);
            }
        }
        finally
        {
            _catchUp.Release();
        }
    }

    /// <summary>Adds one event; an older not-before mark never replaces a newer one.</summary>
    public void Apply(RevocationEvent revocation)
    {
        lock (_gate)
        {
            switch (revocation.Kind)
            {
                case RevocationKind.Token:
                    _tokens[revocation.Subject] = revocation.ExpiresAt;
                    break;
                case RevocationKind.AgentNotBefore:
                    if (!_agentMarks.TryGetValue(revocation.Subject, out var existing) || existing.At < revocation.At)
                    {
                        _agentMarks[revocation.Subject] = revocation;
                        _markSeconds[revocation.Subject] = revocation.At.ToUnixTimeSeconds();
                    }

                    break;
                case RevocationKind.SigningKey:
                    _keys[revocation.Subject] = revocation.ExpiresAt;
                    break;
            }
        }
    }

    /// <summary>True when a token with these claims is revoked: its jti, its signing key, or a not-before mark of its
    /// subject or client that is later than its <c>iat</c>.</summary>
    public bool IsRevoked(string? jti, string? subject, string? clientId, DateTimeOffset? issuedAt, string? keyId)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            return (jti is not null && _tokens.TryGetValue(jti, out var tokenExpiry) && tokenExpiry > now)
                || (keyId is not null && _keys.ContainsKey(keyId))
                || IsBeforeMark(subject, issuedAt) || IsBeforeMark(clientId, issuedAt);
        }
    }

    /// <summary>The earliest <c>iat</c> (Unix seconds) a new token of <paramref name="agentId"/> may carry so that its
    /// not-before mark does not cover it: the mark's second plus one, or null without a mark.</summary>
    public long? EarliestIssuedAt(string agentId) =>
        _markSeconds.TryGetValue(agentId, out var seconds) ? seconds + 1 : null;

    private bool IsBeforeMark(string? agentId, DateTimeOffset? issuedAt) =>
        agentId is not null && _agentMarks.TryGetValue(agentId, out var mark)
        && (issuedAt is not { } iat || NotBeforeRule.IsBefore(iat, mark.At));
}
