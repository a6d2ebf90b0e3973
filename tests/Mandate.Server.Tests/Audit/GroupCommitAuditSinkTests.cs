using System.Diagnostics.Metrics;
using Mandate.Server.Audit;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.Tests.Audit;

public sealed class GroupCommitAuditSinkTests : IAsyncLifetime
{
    private readonly RecordingAuditStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private GroupCommitAuditSink _sink = null!;

    public Task InitializeAsync() => StartAsync(new MandateAuditOptions());

    public async Task DisposeAsync()
    {
        _store.Release();
        await _sink.StopAsync(CancellationToken.None);
        await _meters.DisposeAsync();
    }

    [Fact]
    public async Task WriteAsync_CompletesOnlyAfterTheBatchIsCommitted()
    {
        _store.Hold();

        var write = _sink.WriteAsync(Record("j1"), default).AsTask();
        await _store.CommitStarted.Task;

        Assert.False(write.IsCompleted);
        _store.Release();
        await write;
        Assert.Equal("j1", Assert.Single(await _store.QueryAsync(new AuditQuery(), default)).TokenId);
    }

    [Fact]
    public async Task WriteAsync_RecordsQueuedDuringACommit_AreCommittedTogetherInTheNextBatch()
    {
        _store.Hold();
        var first = _sink.WriteAsync(Record("first"), default).AsTask();
        await _store.CommitStarted.Task;

        var queued = Enumerable.Range(0, 50).Select(i => _sink.WriteAsync(Record("q" + i), default).AsTask()).ToArray();
        _store.Release();
        await first;
        await Task.WhenAll(queued);

        Assert.Equal([1, 50], _store.BatchSizes);
        Assert.Equal(51, (await _store.QueryAsync(new AuditQuery(), default)).Count);
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWriters_EveryRecordCommittedExactlyOnce()
    {
        var writes = Enumerable.Range(0, 2000)
            .Select(i => Task.Run(async () => await _sink.WriteAsync(Record("c" + i), default)))
            .ToArray();
        await Task.WhenAll(writes);

        var stored = await _store.QueryAsync(new AuditQuery { Limit = 10_000 }, default);
        Assert.Equal(2000, stored.Select(r => r.TokenId).Distinct().Count());
        Assert.Equal(2000, stored.Count);
    }

    [Fact]
    public async Task WriteAsync_MaxBatchSize_SplitsAQueueIntoSeveralCommits()
    {
        await _sink.StopAsync(CancellationToken.None);
        await StartAsync(new MandateAuditOptions { MaxBatchSize = 10 });
        _store.Hold();
        var first = _sink.WriteAsync(Record("first"), default).AsTask();
        await _store.CommitStarted.Task;

        var queued = Enumerable.Range(0, 25).Select(i => _sink.WriteAsync(Record("q" + i), default).AsTask()).ToArray();
        _store.Release();
        await Task.WhenAll(queued.Append(first));

        Assert.Equal([1, 10, 10, 5], _store.BatchSizes);
    }

    [Fact]
    public async Task WriteAsync_StoreFails_ThrowsAuditUnavailable_AndLaterBatchesStillCommit()
    {
        _store.FailWith = new IOException("disk full");

        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await _sink.WriteAsync(Record("lost"), default));

        _store.FailWith = null;
        await _sink.WriteAsync(Record("kept"), default);
        Assert.Equal("kept", Assert.Single(await _store.QueryAsync(new AuditQuery(), default)).TokenId);
    }

    [Fact]
    public async Task StopAsync_CommitsWhatIsQueued_ThenRefusesNewRecords()
    {
        _store.Hold();
        var first = _sink.WriteAsync(Record("first"), default).AsTask();
        await _store.CommitStarted.Task;
        var queued = _sink.WriteAsync(Record("queued"), default).AsTask();

        var stop = _sink.StopAsync(CancellationToken.None);
        _store.Release();
        await stop;
        await Task.WhenAll(first, queued);

        Assert.Equal(2, (await _store.QueryAsync(new AuditQuery(), default)).Count);
        await Assert.ThrowsAsync<AuditUnavailableException>(async () => await _sink.WriteAsync(Record("late"), default));
    }

    [Fact]
    public async Task StopAsync_RightAfterStart_StillCommitsWhatWasWritten()
    {
        await _sink.StopAsync(CancellationToken.None);
        await StartAsync(new MandateAuditOptions());

        // No wait between start, write and stop: the writer thread exists from StartAsync on.
        var writes = Enumerable.Range(0, 20).Select(i => _sink.WriteAsync(Record("s" + i), default).AsTask()).ToArray();
        await _sink.StopAsync(CancellationToken.None);
        await Task.WhenAll(writes);

        Assert.Equal(20, (await _store.QueryAsync(new AuditQuery(), default)).Count);
    }

    [Fact]
    public async Task ModeOff_CompletesAtOnce_AndStoresNothing()
    {
        await _sink.StopAsync(CancellationToken.None);
        await StartAsync(new MandateAuditOptions { Mode = AuditMode.Off });

        var write = _sink.WriteAsync(Record("j"), default);

        Assert.True(write.IsCompletedSuccessfully);
        Assert.Empty(await _store.QueryAsync(new AuditQuery(), default));
    }

    [Fact]
    public async Task Observers_SeeABatchOnlyAfterItCommitted()
    {
        await _sink.StopAsync(CancellationToken.None);
        var observer = new RecordingObserver();
        await StartAsync(new MandateAuditOptions(), observer);
        _store.Hold();

        var write = _sink.WriteAsync(Record("j1"), default).AsTask();
        await _store.CommitStarted.Task;
        Assert.Empty(observer.Seen);
        _store.Release();
        await write;

        await observer.SeenOne.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["j1"], observer.Seen);
    }

    [Fact]
    public async Task ModeOff_ObserversStillSeeEveryRecord_SoAnomalyDetectionDoesNotDependOnTheAuditMode()
    {
        await _sink.StopAsync(CancellationToken.None);
        var observer = new RecordingObserver();
        await StartAsync(new MandateAuditOptions { Mode = AuditMode.Off }, observer);

        var write = _sink.WriteAsync(Record("j"), default);

        Assert.True(write.IsCompletedSuccessfully);
        Assert.Equal(["j"], observer.Seen);
        Assert.Empty(await _store.QueryAsync(new AuditQuery(), default));
    }

    private sealed class RecordingObserver : IAuditBatchObserver
    {
        private readonly List<string?> _seen = [];

        public TaskCompletionSource SeenOne { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string?> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public void OnCommitted(IReadOnlyList<AuditRecord> records)
        {
            lock (_seen)
            {
                _seen.AddRange(records.Select(r => r.TokenId));
            }

            SeenOne.TrySetResult();
        }
    }

    private async Task StartAsync(MandateAuditOptions audit, params IAuditBatchObserver[] observers)
    {
        var options = Options.Create(new MandateServerOptions { Issuer = "https://auth.example.com", Audit = audit });
        _sink = new GroupCommitAuditSink(
            _store, new AuditMetrics(_meters.GetRequiredService<IMeterFactory>()), _time, observers, options, NullLogger<GroupCommitAuditSink>.Instance);
        await _sink.StartAsync(CancellationToken.None);
    }

    private AuditRecord Record(string jti) => new() { Timestamp = _time.GetUtcNow(), Type = AuditEventTypes.TokenIssued, TokenId = jti };
}
