// The resource server's compact, in-memory copy of the issuer's revocation feed (docs/revocation.md). Checked on
// every request without calling the issuer: O(1) lookups in three concurrent hash maps.
//   - revoked tokens: key = the first 16 bytes of SHA-256(jti) as a UInt128 (a collision needs ~2^64 tokens), value =
//     the token's exp in Unix seconds; about 75 bytes per entry with the ConcurrentDictionary node and bucket (measured,
//     docs/benchmarks-revocation.md), so one million revoked tokens take about 72 MiB, inside the 100 MB target.
//   - per-agent not-before marks: a token whose sub or client_id has a mark and whose iat <= the mark is revoked.
//   - revoked signing keys, by kid.
// Entries are dropped once their exp has passed (the token they deny has expired anyway).
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Mandate.ResourceServer.Revocation;

internal sealed class RevocationDenyList(TimeProvider timeProvider)
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<UInt128, long> _tokens = new();
    private readonly ConcurrentDictionary<string, (long NotBefore, long Expires)> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _keys = new(StringComparer.Ordinal);
    private long _lastPurgeTicks;

    /// <summary>Number of revoked token ids held.</summary>
    public int TokenCount => _tokens.Count;

    /// <summary>True when the token is revoked by jti, by its signing key, or by a not-before mark of its sub or client_id.</summary>
    public bool IsDenied(string jwtId, string subject, string clientId, DateTimeOffset issuedAt, string? keyId)
    {
        if (!_tokens.IsEmpty && _tokens.ContainsKey(Hash(jwtId)))
        {
            return true;
        }

        if (keyId is not null && !_keys.IsEmpty && _keys.ContainsKey(keyId))
        {
            return true;
        }

        if (_agents.IsEmpty)
        {
            return false;
        }

        // RFC 7519 iat is in whole seconds: a token issued in the mark's second is treated as revoked (fail closed).
        var iat = issuedAt.ToUnixTimeSeconds();
        return (_agents.TryGetValue(subject, out var mark) && iat <= mark.NotBefore)
            || (clientId != subject && _agents.TryGetValue(clientId, out mark) && iat <= mark.NotBefore);
    }

    /// <summary>Denies one token id until <paramref name="expiresAt"/> (Unix seconds).</summary>
    public void AddToken(string jwtId, long expiresAt)
    {
        _tokens[Hash(jwtId)] = expiresAt;
        PurgeIfDue();
    }

    /// <summary>Records a not-before mark; an older mark never replaces a newer one.</summary>
    public void AddAgentMark(string agentId, long notBefore, long expiresAt) =>
        _agents.AddOrUpdate(agentId, (notBefore, expiresAt), (_, existing) => existing.NotBefore >= notBefore ? existing : (notBefore, expiresAt));

    /// <summary>Denies every token signed by <paramref name="keyId"/>.</summary>
    public void AddKey(string keyId, long expiresAt) => _keys[keyId] = expiresAt;

    /// <summary>Forgets everything (the issuer's feed was reset).</summary>
    public void Clear()
    {
        _tokens.Clear();
        _agents.Clear();
        _keys.Clear();
    }

    /// <summary>Drops entries whose exp has passed. O(n); runs at most once per minute from <see cref="AddToken"/>.</summary>
    public void Purge()
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        foreach (var entry in _tokens)
        {
            if (entry.Value < now)
            {
                _tokens.TryRemove(entry);
            }
        }

        foreach (var entry in _agents)
        {
            if (entry.Value.Expires < now)
            {
                _agents.TryRemove(entry);
            }
        }

        foreach (var entry in _keys)
        {
            if (entry.Value < now)
            {
                _keys.TryRemove(entry);
            }
        }
    }

    internal static UInt128 Hash(string jwtId)
    {
        Span<byte> digest = stackalloc byte[32];
        var byteCount = Encoding.UTF8.GetMaxByteCount(jwtId.Length);
        if (byteCount <= 256)
        {
            Span<byte> utf8 = stackalloc byte[256];
            var written = Encoding.UTF8.GetBytes(jwtId, utf8);
            SHA256.HashData(utf8[..written], digest);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(jwtId), digest);
        }

        return new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
    }

    private void PurgeIfDue()
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var last = Volatile.Read(ref _lastPurgeTicks);
        if (now - last >= PurgeInterval.Ticks && Interlocked.CompareExchange(ref _lastPurgeTicks, now, last) == last)
        {
            Purge();
        }
    }
}
