using Mandate.Storage;
using Mandate.Storage.InMemory;

namespace Mandate.Server.Tests.Audit;

/// <summary>An in-memory audit store whose commits can be held open or made to fail.</summary>
internal sealed class RecordingAuditStore : IAuditStore
{
    private readonly InMemoryAuditStore _inner = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _release = CreateReleased();

    public List<int> BatchSizes { get; } = [];

    public Exception? FailWith { get; set; }

    /// <summary>Holds every later commit until <see cref="Release"/> is called.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _release.TrySetResult();
        }
    }

    public TaskCompletionSource CommitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        CommitStarted.TrySetResult();
        Task release;
        lock (_gate)
        {
            release = _release.Task;
        }

        await release;
        if (FailWith is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            BatchSizes.Add(records.Count);
        }

        await _inner.AppendAsync(records, cancellationToken);
    }

    public ValueTask<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken) =>
        _inner.QueryAsync(query, cancellationToken);

    public ValueTask<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _inner.DeleteBeforeAsync(cutoff, cancellationToken);

    private static TaskCompletionSource CreateReleased()
    {
        var tcs = new TaskCompletionSource();
        tcs.SetResult();
        return tcs;
    }
}
