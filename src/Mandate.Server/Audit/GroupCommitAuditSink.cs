// Group commit (the database technique): requests append their record to the open batch and await
// the batch's task; one writer loop commits a whole batch in one SQLite transaction (one fsync) and
// completes it. Batches form naturally: whatever queued while the previous commit was in flight is
// the next batch, capped at MaxBatchSize. There is no timer, so an idle server adds no latency and a
// busy one amortises the fsync over many records. Per request this allocates nothing but the record.
// Tried and reverted: committing a lone record on its own request when nothing else was committing.
// It saved a lone request two thread wake-ups (in-process: 99.7 -> 67.1 us), but durable throughput
// under load fell (median 16,646 -> 14,228 tok/s; in the history of docs/benchmarks.md), we think because such commits
// then also ran between the writer's, on pool threads blocked in fsync.
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Audit;

internal sealed class GroupCommitAuditSink : IHostedService, IAuditSink
{
    private readonly IAuditStore _store;
    private readonly AuditMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<IAuditBatchObserver> _observers;
    private readonly ILogger<GroupCommitAuditSink> _logger;
    private readonly bool _enabled;
    private readonly int _maxBatchSize;
    // A plain monitor, not Lock + SemaphoreSlim: the writer sleeps in Monitor.Wait, which blocks at
    // once, where SemaphoreSlim.Wait first spins with sched_yield (measured at half of peak load: about
    // 12 sched_yield calls per token across the process before this and the pool setting in serve).
    private readonly object _gate = new();
    private readonly Queue<AuditBatch> _full = new();
    private AuditBatch _open = new();
    private bool _stopped;
    private bool _stopping;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _writer;

    public GroupCommitAuditSink(
        IAuditStore store,
        AuditMetrics metrics,
        TimeProvider timeProvider,
        IEnumerable<IAuditBatchObserver> observers,
        IOptions<MandateServerOptions> options,
        ILogger<GroupCommitAuditSink> logger)
    {
        _store = store;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _observers = observers.ToArray();
        _logger = logger;
        _enabled = options.Value.Audit.Mode == AuditMode.Durable;
        _maxBatchSize = options.Value.Audit.MaxBatchSize;
    }

    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_enabled)
        {
            // Nothing is stored, but anomaly detection still sees the record: alerts do not depend on
            // the audit mode, and the Off/Durable benchmark comparison then differs only by durability.
            if (_observers.Count > 0)
            {
                NotifyObservers([record]);
            }

            return ValueTask.CompletedTask;
        }

        Task committed;
        lock (_gate)
        {
            if (_stopped)
            {
                return ValueTask.FromException(new AuditUnavailableException("The audit writer has stopped."));
            }

            var batch = _open;
            if (batch.Records.Count == 0 && _full.Count == 0)
            {
                // The writer may be asleep: there was nothing to commit until now.
                Monitor.Pulse(_gate);
            }

            batch.Records.Add(record);
            committed = batch.Committed;
            if (batch.Records.Count >= _maxBatchSize)
            {
                _full.Enqueue(batch);
                _open = new AuditBatch();
            }
        }

        return new ValueTask(committed);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            Log.AuditDisabled(_logger);
            return Task.CompletedTask;
        }

        // The writer blocks in SQLite's fsync for most of each commit, so it gets a thread of its own:
        // on a pool thread, that blocking made the pool add threads that then spun and switched, which
        // profiling under load showed costing more CPU than the inserts. Started here, synchronously,
        // so that a stop right after the start still finds it and drains every queued record.
        _writer = new Thread(RunWriter) { IsBackground = true, Name = "Mandate audit writer" };
        _writer.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return Task.CompletedTask;
        }

        // Kestrel has already drained requests (this service stops last): commit what is left.
        WakeToStop();
        return _writerDone.Task.WaitAsync(cancellationToken);
    }

    private void RunWriter()
    {
        try
        {
            while (TakeNext() is { } batch)
            {
                Commit(batch);
            }

            Drain();
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    // Shutting down: commit what is queued; refuse records from now on.
    private void Drain()
    {
        List<AuditBatch> rest;
        lock (_gate)
        {
            _stopped = true;
            rest = [.. _full];
            _full.Clear();
            if (_open.Records.Count > 0)
            {
                rest.Add(_open);
            }

            _open = new AuditBatch();
        }

        foreach (var batch in rest)
        {
            Commit(batch);
        }
    }

    private void WakeToStop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    // The next batch to commit: a full one first, else the open one; sleeps while there is none.
    // Null once stopping (the rest is committed by Drain).
    private AuditBatch? TakeNext()
    {
        lock (_gate)
        {
            while (!_stopping && _full.Count == 0 && _open.Records.Count == 0)
            {
                Monitor.Wait(_gate);
            }

            if (_stopping)
            {
                return null;
            }

            if (_full.Count > 0)
            {
                return _full.Dequeue();
            }

            var batch = _open;
            _open = new AuditBatch();
            return batch;
        }
    }

    // On the writer thread: the SQLite store completes synchronously; any other store is waited for here.
    private void Commit(AuditBatch batch)
    {
        var commit = CommitAsync(batch);
        if (!commit.IsCompletedSuccessfully)
        {
            commit.AsTask().GetAwaiter().GetResult();
        }
    }

    // Never throws: a failed commit fails the batch's task.
    private async ValueTask CommitAsync(AuditBatch batch)
    {
        var started = _timeProvider.GetTimestamp();
        try
        {
            // Not cancellable: requests are waiting for this commit, also during shutdown.
            await _store.AppendAsync(batch.Records, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.AuditCommitFailed(_logger, ex, batch.Records.Count);
            _metrics.CommitFailed(batch.Records.Count);
            batch.Fail(new AuditUnavailableException("The audit record could not be committed.", ex));
            return;
        }

        _metrics.Committed(batch.Records.Count, _timeProvider.GetElapsedTime(started));
        batch.Complete();
        NotifyObservers(batch.Records);
    }

    private void NotifyObservers(IReadOnlyList<AuditRecord> records)
    {
        foreach (var observer in _observers)
        {
            observer.OnCommitted(records);
        }
    }
}
