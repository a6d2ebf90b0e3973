using System.Diagnostics.Metrics;

namespace Mandate.Server.Audit;

/// <summary>Audit writer instruments on the <c>Mandate.Server</c> meter.</summary>
internal sealed class AuditMetrics
{
    private readonly Counter<long> _records;
    private readonly Counter<long> _failed;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;

    public AuditMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServerMetrics.MeterName);
        _records = meter.CreateCounter<long>("mandate.server.audit.records", unit: "{record}", description: "Audit records committed.");
        _failed = meter.CreateCounter<long>("mandate.server.audit.failed", unit: "{record}", description: "Audit records whose commit failed (their requests were refused).");
        _batchSize = meter.CreateHistogram<int>("mandate.server.audit.batch_size", unit: "{record}", description: "Records per group commit.");
        _commitDuration = meter.CreateHistogram<double>("mandate.server.audit.commit.duration", unit: "s", description: "Duration of one group commit.");
    }

    public void Committed(int count, TimeSpan duration)
    {
        _records.Add(count);
        _batchSize.Record(count);
        _commitDuration.Record(duration.TotalSeconds);
    }

    public void CommitFailed(int count) => _failed.Add(count);
}
