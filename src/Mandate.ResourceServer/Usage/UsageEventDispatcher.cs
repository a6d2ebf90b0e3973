// Hands usage events from the request path to the sinks without blocking it: a bounded channel of structs (no
// allocation per event), TryWrite only (a full queue drops the event and counts it), one background reader
// (UsageEventPump). With no sink registered, IsEnabled is false and nothing is built per request.
using System.Threading.Channels;
using Mandate.ResourceServer.Diagnostics;

namespace Mandate.ResourceServer.Usage;

internal sealed class UsageEventDispatcher
{
    /// <summary>Most events waiting for the sinks; more are dropped.</summary>
    public const int Capacity = 10_000;

    private readonly Channel<MandateUsageEvent>? _queue;
    private readonly MandateBearerMetrics _metrics;

    public UsageEventDispatcher(IEnumerable<IMandateUsageSink> sinks, MandateBearerMetrics metrics)
    {
        Sinks = [.. sinks];
        _metrics = metrics;
        if (Sinks.Length > 0)
        {
            _queue = Channel.CreateBounded<MandateUsageEvent>(new BoundedChannelOptions(Capacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait, // TryWrite then returns false instead of waiting
            });
        }
    }

    public IMandateUsageSink[] Sinks { get; }

    public bool IsEnabled => _queue is not null;

    public ChannelReader<MandateUsageEvent>? Reader => _queue?.Reader;

    public void Raise(in MandateUsageEvent usage)
    {
        if (_queue is not null && !_queue.Writer.TryWrite(usage))
        {
            _metrics.UsageDropped();
        }
    }

    public void Complete() => _queue?.Writer.TryComplete();
}
