namespace Mandate.Storage.InMemory;

/// <summary>Options of <see cref="InMemoryReplayCache"/>.</summary>
public sealed class InMemoryReplayCacheOptions
{
    /// <summary>
    /// Most unexpired (issuer, jti) pairs held at once. When the cache is full after expired entries
    /// are swept, <see cref="InMemoryReplayCache.TryAddAsync"/> refuses new pairs (returns false)
    /// rather than forgetting a live one, which would allow that one to be replayed.
    /// </summary>
    /// <value>At least 1. Default: 100,000 entries.</value>
    public int MaxEntries { get; set; } = 100_000;
}
