// The server's in-memory view of every revocation that still matters (jti deny set, per-agent not-before
// marks, revoked kids), so /introspect and the admin API check revocation without a store read. Loaded from
// IRevocationStore at start-up and updated by RevocationService on this node.
// TODO(v1.1): follow the store's head for revocations made on other nodes sharing the store, #6
using Mandate.Storage;

namespace Mandate.Server.Revocation;

internal sealed class RevocationList(IRevocationStore store, TimeProvider timeProvider)
{
    private const int PageSize = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RevocationEvent> _agentMarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    // Lock-free copy of the marks in whole seconds for the token endpoint's hot path.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _markSeconds = new(StringComparer.Ordinal);

    /// <summary>Loads every unexpired event from the store.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var cursor = 0L;
        while (true)
        {
            var page = await store.ListAfterAsync(cursor, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var revocation in page)
            {
                Apply(revocation);
                cursor = revocation.Sequence;
            }

            if (page.Count < PageSize)
            {
                return;
            }
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
