// Skips signature verification for a token seen before. Keyed by the exact token string (ordinal), so any
// change to the token is a miss. Only tokens that passed full validation are added, so an attacker cannot fill it
// with forgeries. RFC 9068 §4 item 6 (exp) is re-checked against the TimeProvider on every hit.
//
// Bound: at most Capacity entries. When full, expired entries are removed first; if that frees too little, the
// cache drops entries in the dictionary's enumeration order until it is at 3/4 of capacity. That order follows
// string hash codes, which .NET randomizes per process, so the dropped quarter is effectively a random segment
// that a client cannot steer. One thread evicts at a time; others skip caching meanwhile rather than grow it.
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Mandate.Jose.Jws;

namespace Mandate.ResourceServer.Validation;

internal sealed class ValidatedTokenCache(int capacity)
{
    private readonly ConcurrentDictionary<string, ValidatedToken> _entries = new(StringComparer.Ordinal);
    private int _count;
    private int _evicting;

    /// <summary>Entries now held (approximate under concurrency).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Looks up <paramref name="token"/>. A hit is returned only while <c>exp</c> + skew is in the future and the
    /// entry was verified against <paramref name="currentKeys"/>; stale entries are removed. Allocation-free.</summary>
    public bool TryGet(string token, DateTimeOffset now, VerificationKeySet? currentKeys, [NotNullWhen(true)] out ValidatedToken? entry)
    {
        if (!_entries.TryGetValue(token, out entry))
        {
            return false;
        }

        if (now.UtcTicks < entry.ValidUntilUtcTicks && ReferenceEquals(entry.Keys, currentKeys))
        {
            return true;
        }

        Remove(token, entry);
        entry = null;
        return false;
    }

    /// <summary>Adds a validated token; returns the number of entries evicted to make room.</summary>
    public int Add(string token, ValidatedToken entry, DateTimeOffset now)
    {
        if (capacity <= 0)
        {
            return 0;
        }

        var evicted = Count >= capacity ? Evict(now) : 0;
        if (Count < capacity && _entries.TryAdd(token, entry))
        {
            Interlocked.Increment(ref _count);
        }

        return evicted;
    }

    private int Evict(DateTimeOffset now)
    {
        if (Interlocked.CompareExchange(ref _evicting, 1, 0) != 0)
        {
            return 0;
        }

        try
        {
            var evicted = 0;
            foreach (var (token, entry) in _entries)
            {
                if (entry.ValidUntilUtcTicks <= now.UtcTicks && Remove(token, entry))
                {
                    evicted++;
                }
            }

            var target = capacity - (capacity / 4) - 1;
            foreach (var (token, entry) in _entries)
            {
                if (Count <= target)
                {
                    break;
                }

                if (Remove(token, entry))
                {
                    evicted++;
                }
            }

            return evicted;
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    private bool Remove(string token, ValidatedToken entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(token, entry)))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }
}
