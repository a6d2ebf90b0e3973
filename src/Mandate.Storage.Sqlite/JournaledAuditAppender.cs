using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// Durable audit appends through <see cref="SqliteAuditJournal"/>: an append returns once its records are
/// synced to the journal; a thread of its own copies them into <c>audit_records</c> every
/// <see cref="ImportInterval"/> after the first one arrives (sooner once <see cref="ImportThreshold"/> are
/// waiting) in one transaction,
/// and readers call <see cref="ImportPending"/> first so they see every record appended before.
/// </summary>
/// <remarks>
/// Opening it recovers: the records in the journal after <c>audit_journal.imported_seq</c> (those that were
/// durable when the process stopped, by a crash or a <c>kill -9</c>) are copied before anything new is
/// appended. When the journal's segments are all waiting to be copied, an append copies them itself first.
/// </remarks>
internal sealed class JournaledAuditAppender : IDisposable
{
    internal static readonly TimeSpan ImportInterval = TimeSpan.FromMilliseconds(10);
    internal const int ImportThreshold = 4096;
    private const int RecoveryChunk = 10_000;

    private readonly SqliteAuditJournal _journal;
    private readonly SqliteAuditAppender _appender;
    private readonly object _writeGate = new();
    private readonly object _importGate = new();
    private readonly object _pendingGate = new();
    private List<AuditRecord> _pending = [];
    private long _pendingLastSequence;
    private long _importedSequence;
    private Thread? _importer;
    private bool _stopping;
    private bool _disposed;

    private JournaledAuditAppender(SqliteAuditJournal journal, SqliteAuditAppender appender, long importedSequence)
    {
        _journal = journal;
        _appender = appender;
        _importedSequence = importedSequence;
    }

    /// <summary>The journal folder for <paramref name="database"/>: beside the database file.</summary>
    internal static string JournalDirectory(SqliteDatabase database) =>
        database.DatabasePath + ".audit-journal";

    /// <summary>
    /// Opens the journal of <paramref name="database"/> and copies what it recovers; null when another
    /// process holds the journal (appends then go straight to SQLite, which is durable but slower).
    /// </summary>
    public static JournaledAuditAppender? TryOpen(SqliteDatabase database, SqliteAuditAppender appender, int segmentSize)
    {
        var (journalId, imported) = ReadMarker(database);
        SqliteAuditJournal journal;
        IReadOnlyList<(long Sequence, AuditRecord Record)> recovered;
        try
        {
            journal = SqliteAuditJournal.Open(JournalDirectory(database), journalId, imported, segmentSize, out recovered);
        }
        catch (IOException) when (IsLockedByOther(JournalDirectory(database)))
        {
            return null;
        }

        try
        {
            for (var at = 0; at < recovered.Count; at += RecoveryChunk)
            {
                var chunk = recovered.Skip(at).Take(RecoveryChunk).ToList();
                appender.AppendFromJournal([.. chunk.Select(entry => entry.Record)], chunk[^1].Sequence);
                imported = chunk[^1].Sequence;
            }
        }
        catch
        {
            journal.Dispose();
            throw;
        }

        return new JournaledAuditAppender(journal, appender, imported);
    }

    /// <summary>Appends <paramref name="records"/> durably (journal, fsync); they reach <c>audit_records</c> later.</summary>
    public void Append(IReadOnlyList<AuditRecord> records)
    {
        // What the table would refuse must not reach the journal: a record that can never be copied would
        // block every record after it.
        foreach (var record in records)
        {
            if (record?.Type is null)
            {
                throw new ArgumentException("Every audit record needs a type.", nameof(records));
            }
        }

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var start = 0;
            var stalled = false;
            while (start < records.Count)
            {
                var appended = _journal.Append(records, start, Volatile.Read(ref _importedSequence));
                if (appended > 0)
                {
                    AddPending(records, start, appended, _journal.LastSequence);
                    start += appended;
                    stalled = false;
                    continue;
                }

                if (stalled)
                {
                    throw new InvalidOperationException("The audit journal is full and its records could not be copied to the database.");
                }

                // Every segment holds records not yet copied: copy them here, then go on.
                ImportPending();
                stalled = true;
            }
        }
    }

    /// <summary>Copies every record appended so far into <c>audit_records</c>; returns when they are committed.</summary>
    public void ImportPending()
    {
        lock (_importGate)
        {
            List<AuditRecord> batch;
            long last;
            lock (_pendingGate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                last = _pendingLastSequence;
                _pending = [];
            }

            try
            {
                _appender.AppendFromJournal(batch, last);
            }
            catch
            {
                // Still in the journal; put them back in front of anything appended meanwhile.
                lock (_pendingGate)
                {
                    batch.AddRange(_pending);
                    _pending = batch;
                }

                throw;
            }

            Volatile.Write(ref _importedSequence, last);
        }
    }

    /// <summary>Stops the import thread, copies what is left (what fails stays in the journal) and closes the journal.</summary>
    public void Dispose()
    {
        Thread? importer;
        lock (_pendingGate)
        {
            _stopping = true;
            importer = _importer;
            Monitor.PulseAll(_pendingGate);
        }

        importer?.Join();
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                ImportPending();
            }
            catch (SqliteException)
            {
                // The journal keeps them; the next start recovers them.
            }
            catch (ObjectDisposedException)
            {
                // The same: the database went first.
            }

            _journal.Dispose();
        }
    }

    private void AddPending(IReadOnlyList<AuditRecord> records, int start, int count, long lastSequence)
    {
        lock (_pendingGate)
        {
            var wasEmpty = _pending.Count == 0;
            for (var i = start; i < start + count; i++)
            {
                _pending.Add(records[i]);
            }

            _pendingLastSequence = lastSequence;
            if (_importer is null && !_stopping)
            {
                _importer = new Thread(RunImporter) { IsBackground = true, Name = "Mandate audit import" };
                _importer.Start();
            }

            if (wasEmpty || _pending.Count >= ImportThreshold)
            {
                Monitor.Pulse(_pendingGate);
            }
        }
    }

    private void RunImporter()
    {
        while (true)
        {
            lock (_pendingGate)
            {
                // Idle: sleep until a record arrives. Then give a batch ImportInterval to gather, unless
                // ImportThreshold records are already waiting.
                while (!_stopping && _pending.Count == 0)
                {
                    Monitor.Wait(_pendingGate);
                }

                if (!_stopping && _pending.Count < ImportThreshold)
                {
                    Monitor.Wait(_pendingGate, ImportInterval);
                }

                if (_stopping)
                {
                    return;
                }
            }

            try
            {
                ImportPending();
            }
#pragma warning disable CA1031 // A failed copy is retried next round; the records are safe in the journal, and a
            // journal that fills up makes the append copy them itself and report the error to its caller.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private static (Guid JournalId, long Imported) ReadMarker(SqliteDatabase database)
    {
        using var connection = database.OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT journal_id, imported_seq FROM audit_journal WHERE id = 1;";
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException("The audit_journal row is missing from the database.");
        }

        return (Guid.ParseExact(reader.GetString(0), "N"), reader.GetInt64(1));
    }

    // The lock file exists and another open description holds it; any other IOException is a real failure.
    private static bool IsLockedByOther(string directory)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(directory, "lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
