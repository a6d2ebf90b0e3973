using System.Threading.Channels;
using Mandate.Server.Audit;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>
/// The hand-off from the audit writer to <see cref="AnomalyDetector"/>: copies committed token-request records
/// into a bounded queue and returns (the oldest are dropped and counted when detection falls behind). A separate
/// type so the audit writer does not depend on the detector (which writes alerts back to the audit sink).
/// </summary>
internal sealed class AnomalyFeed : IAuditBatchObserver
{
    private readonly bool _enabled;
    private readonly Channel<AuditRecord> _queue;
    private long _dropped;

    public AnomalyFeed(IOptions<AnomalyOptions> options)
    {
        _enabled = options.Value.Enabled;
        _queue = Channel.CreateBounded<AuditRecord>(
            new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Records dropped unchecked so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<AuditRecord> Reader => _queue.Reader;

    public void OnCommitted(IReadOnlyList<AuditRecord> records)
    {
        if (!_enabled)
        {
            return;
        }

        foreach (var record in records)
        {
            if (record.Type is AuditEventTypes.TokenIssued or AuditEventTypes.TokenDenied)
            {
                _queue.Writer.TryWrite(record);
            }
        }
    }
}
