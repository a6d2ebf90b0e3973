using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// Copies committed WAL frames into the database file on a thread of its own, so that the audit writer's
/// commits rarely have to: a PASSIVE checkpoint (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html)
/// that runs beside the writer and never waits for it or blocks it.
/// </summary>
/// <remarks>
/// Without it, SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1000 frames:
/// that commit copies every page the WAL holds and syncs the database file while its batch of token
/// requests waits, which showed up at the 99th percentile of paced load (docs/benchmarks.md). The writer
/// keeps its automatic checkpoint: it bounds the WAL and restarts it from the beginning, which only a
/// checkpoint between two of the writer's transactions can do, and by then this thread has done most
/// of the copying. Started by the first <see cref="Request"/>, so a database nobody appends to gets no
/// thread; runs at most one checkpoint at a time, and requests made during one fold into the next.
/// </remarks>
internal sealed class SqliteBackgroundCheckpointer : IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly object _gate = new();
    private Thread? _thread;
    private bool _requested;
    private bool _stopping;
    private int _completed;

    public SqliteBackgroundCheckpointer(SqliteDatabase database) => _database = database;

    /// <summary>Checkpoints run so far (tests).</summary>
    internal int Completed
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>Whether the thread is running (tests).</summary>
    internal bool IsRunning => _thread?.IsAlive == true;

    /// <summary>Asks for a checkpoint soon; returns at once.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "Mandate SQLite checkpoint" };
                _thread.Start();
            }

            _requested = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Stops the thread after the checkpoint in progress, if any, and waits for it.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            _stopping = true;
            thread = _thread;
            Monitor.Pulse(_gate);
        }

        thread?.Join();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (WaitForRequest())
            {
                try
                {
                    connection ??= _database.OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();
                    // Not SQLITE_OK (busy, I/O error) leaves the frames to the next checkpoint or to the writer's
                    // own automatic one: nothing committed depends on this copy.
                    raw.sqlite3_wal_checkpoint_v2(connection.Handle!, null, raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
                }
                catch (Exception)
                {
                    // Whatever went wrong (the database disposed, the file gone, a driver error), a best-effort
                    // copy on a thread of its own must never end the process: drop the connection, go on.
                    connection?.Dispose();
                    connection = null;
                }

                lock (_gate)
                {
                    _completed++;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private bool WaitForRequest()
    {
        lock (_gate)
        {
            while (!_requested && !_stopping)
            {
                Monitor.Wait(_gate);
            }

            _requested = false;
            return !_stopping;
        }
    }
}
