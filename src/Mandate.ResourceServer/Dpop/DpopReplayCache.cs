// RFC 9449 §11.1: a proof's jti is accepted once within the proof's acceptance window. Per API process and bounded:
// expired entries are swept when the cache is full, and a proof that would still overflow it is refused rather
// than remembered nowhere. APIs with several instances add server nonces (RequireNonce) to bound cross-instance replay.
using System.Collections.Concurrent;

namespace Mandate.ResourceServer.Dpop;

internal sealed class DpopReplayCache
{
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();

    /// <summary>Records the pair until <paramref name="expiresAt"/>; false when already recorded or the cache is full.</summary>
    public bool TryAdd(string thumbprint, string jti, DateTimeOffset now, DateTimeOffset expiresAt, int capacity)
    {
        var key = string.Concat(thumbprint, ":", jti);
        if (_seen.TryGetValue(key, out var until) && until > now.UtcTicks)
        {
            return false;
        }

        if (_seen.Count >= capacity)
        {
            Sweep(now.UtcTicks);
            if (_seen.Count >= capacity)
            {
                return false;
            }
        }

        // Two racing requests with one proof: exactly one AddOrUpdate sees the old, expired (or no) value.
        var accepted = false;
        _seen.AddOrUpdate(key, _ => { accepted = true; return expiresAt.UtcTicks; }, (_, old) =>
        {
            accepted = old <= now.UtcTicks;
            return accepted ? expiresAt.UtcTicks : old;
        });
        return accepted;
    }

    private void Sweep(long now)
    {
        lock (_sweep)
        {
            foreach (var entry in _seen)
            {
                if (entry.Value <= now)
                {
                    _seen.TryRemove(entry);
                }
            }
        }
    }
}
