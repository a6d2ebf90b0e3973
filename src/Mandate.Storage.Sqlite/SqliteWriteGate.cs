namespace Mandate.Storage.Sqlite;

/// <summary>
/// The in-process queue for SQLite's single write lock, taken around each transaction of a process's steady writers
/// (the audit appender, the status-list allocations, the last-use flush, the agent lookup runs): they wait for each
/// other here, in order, instead of in SQLite's busy handler, whose sleeps grow to 100 ms while another writer keeps
/// taking the lock. Writers in other processes on the same file still meet in the busy handler.
/// </summary>
internal sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate; disposing the lease lets the next writer in.</summary>
    public async ValueTask<Lease> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(_gate);
    }

    /// <summary>The gate, held until disposed.</summary>
    internal readonly struct Lease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
