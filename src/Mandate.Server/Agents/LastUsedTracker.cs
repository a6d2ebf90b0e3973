// Last-used times are recorded in memory on the hot path (one volatile write, no allocation after the
// agent's first request) and written to the store in batches by LastUsedFlushService.
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Mandate.Server.Agents;

internal sealed class LastUsedTracker
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _pending = new(StringComparer.Ordinal);

    public void Record(string agentId, DateTimeOffset usedAt)
    {
        var box = _pending.GetOrAdd(agentId, static _ => new StrongBox<long>());
        Volatile.Write(ref box.Value, usedAt.UtcTicks);
    }

    /// <summary>Takes every time recorded since the previous drain.</summary>
    public Dictionary<string, DateTimeOffset> Drain()
    {
        var batch = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var pair in _pending)
        {
            var ticks = Interlocked.Exchange(ref pair.Value.Value, 0);
            if (ticks != 0)
            {
                batch[pair.Key] = new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        return batch;
    }

    /// <summary>Puts back times whose flush failed, unless a newer use was recorded meanwhile.</summary>
    public void Restore(Dictionary<string, DateTimeOffset> batch)
    {
        foreach (var pair in batch)
        {
            var box = _pending.GetOrAdd(pair.Key, static _ => new StrongBox<long>());
            Interlocked.CompareExchange(ref box.Value, pair.Value.UtcTicks, 0);
        }
    }
}
