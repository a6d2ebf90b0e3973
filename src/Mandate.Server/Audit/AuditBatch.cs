using Mandate.Storage;

namespace Mandate.Server.Audit;

/// <summary>Records waiting for one commit, and the task every writer of the batch awaits.</summary>
internal sealed class AuditBatch
{
    // RunContinuationsAsynchronously: the awaiting requests resume on the thread pool, not on the
    // writer loop, so one slow response never delays the next commit.
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<AuditRecord> Records { get; } = new(256);

    public Task Committed => _committed.Task;

    public void Complete() => _committed.TrySetResult();

    public void Fail(Exception exception) => _committed.TrySetException(exception);
}
