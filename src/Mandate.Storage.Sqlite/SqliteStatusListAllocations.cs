using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// Group commit for <see cref="SqliteStatusListStore.TryAllocateAsync"/>: every token takes a status-list index, so the
/// allocations of concurrent token requests are written in one transaction on one connection, instead of one
/// transaction per token contending for SQLite's write lock (whose busy handler sleeps 1 to 100 ms per retry).
/// </summary>
/// <remarks>
/// <para>Each caller queues its entry and waits for the writer gate; whoever holds the gate writes every entry queued so
/// far (its own included, unless an earlier holder already wrote it) and returns only once that transaction committed.
/// An entry whose index is held by a live token is not written and its caller gets false (it then tries another
/// index); the other entries of the batch are unaffected.</para>
/// <para>The allocation connection commits with <c>synchronous=NORMAL</c>: the commit is ordered in the WAL but not
/// synced on its own. That is enough because a token is sent only after its audit record committed with
/// <c>synchronous=FULL</c> on the same file, and syncing the WAL for that later commit makes every earlier frame
/// durable, the allocation included. With durable audit turned off, an allocation (like the audit record) survives a
/// process crash but not a power loss; the token then keeps its index in no stored row, and revoking it by
/// <c>jti</c> cannot set its bit (revoking its agent or key still finds nothing to set either: the token stays valid
/// by status until it expires, as it would under any store that lost a write).</para>
/// A failed transaction is rolled back, fails every entry in it, and drops the connection; the next batch opens a fresh one.
/// </remarks>
internal sealed class SqliteStatusListAllocations(SqliteDatabase database) : IDisposable
{
    /// <summary>The most entries written in one transaction, so one batch holds the write lock briefly.</summary>
    internal const int MaxBatch = 256;

    private const string UpsertSql = """
        INSERT INTO status_list_entries (list_id, idx, jti, subject, client_id, kid, issued_at, expires_at, revoked, seq)
        VALUES ($list, $idx, $jti, $subject, $client_id, $kid, $issued_at, $expires_at, 0, $seq)
        ON CONFLICT (list_id, idx) DO UPDATE SET
            jti = excluded.jti, subject = excluded.subject, client_id = excluded.client_id, kid = excluded.kid,
            issued_at = excluded.issued_at, expires_at = excluded.expires_at, revoked = 0, seq = excluded.seq
        WHERE status_list_entries.expires_at < $reusable;
        """;

    // The batch's entries continue the commit-order numbering (see SqliteAgentIndex), read inside the write transaction.
    private const string LastSeqSql = "SELECT coalesce(max(seq), 0) FROM status_list_entries;";

    private static readonly string[] ParameterNames = ["$list", "$idx", "$jti", "$subject", "$client_id", "$kid", "$issued_at", "$expires_at", "$reusable", "$seq"];

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private SqliteCommand? _upsert;

    /// <summary>The number of transactions committed, for tests.</summary>
    internal long Commits { get; private set; }

    /// <summary>The number of entries waiting for a transaction, for tests.</summary>
    internal int Queued => _queue.Count;

    /// <summary>Writes <paramref name="entry"/> with the entries queued alongside it.</summary>
    /// <returns>False when a live token holds the index (nothing was written for this entry).</returns>
    public async ValueTask<bool> AllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore)
    {
        var pending = new Pending(entry, reusableBefore);
        _queue.Enqueue(pending);
        // Not cancellable once queued: the entry may already be in a transaction another caller is committing.
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            while (!pending.Done.Task.IsCompleted)
            {
                using (await database.WriteGate.EnterAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await WriteBatchAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return await pending.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Closes the allocation connection.</summary>
    public void Dispose() => DropConnection();

    private async Task WriteBatchAsync()
    {
        var batch = new List<Pending>(Math.Min(_queue.Count, MaxBatch));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        var written = new bool[batch.Count];
        SqliteTransaction? transaction = null;
        try
        {
            var upsert = await PrepareAsync().ConfigureAwait(false);
            transaction = _connection!.BeginTransaction(System.Data.IsolationLevel.Serializable);
            upsert.Transaction = transaction;
            long lastSeq;
            await using (var last = _connection.CreateCommand())
            {
                last.Transaction = transaction;
                last.CommandText = LastSeqSql;
                lastSeq = (long)(await last.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                Bind(upsert, batch[i], lastSeq + i + 1);
                written[i] = await upsert.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1;
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            Commits++;
            database.AgentIndex.Committed(batch.Count);
        }
        catch (Exception exception)
        {
            DropConnection();
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(exception);
            }

            return;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(written[i]);
        }
    }

    private async ValueTask<SqliteCommand> PrepareAsync()
    {
        if (_upsert is { } prepared)
        {
            return prepared;
        }

        // See the remarks: the audit commit that precedes every token's response syncs these frames.
        var connection = await database.OpenUnsyncedConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var upsert = connection.CreateCommand();
            upsert.CommandText = UpsertSql;
            foreach (var name in ParameterNames)
            {
                upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            upsert.Prepare();
            _connection = connection;
            _upsert = upsert;
            return upsert;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Bind(SqliteCommand upsert, Pending pending, long seq)
    {
        var entry = pending.Entry;
        var parameters = upsert.Parameters;
        parameters[0].Value = entry.ListId;
        parameters[1].Value = entry.Index;
        parameters[2].Value = entry.TokenId;
        parameters[3].Value = entry.Subject;
        parameters[4].Value = entry.ClientId;
        parameters[5].Value = entry.KeyId;
        parameters[6].Value = SqliteValues.ToText(entry.IssuedAt);
        parameters[7].Value = SqliteValues.ToText(entry.ExpiresAt);
        parameters[8].Value = SqliteValues.ToText(pending.ReusableBefore);
        parameters[9].Value = seq;
    }

    private void DropConnection()
    {
        _upsert?.Dispose();
        _upsert = null;
        // Back in the pool it is reset: SqliteDatabase runs synchronous = FULL on every open.
        _connection?.Dispose();
        _connection = null;
    }

    private sealed class Pending(StatusListEntry entry, DateTimeOffset reusableBefore)
    {
        public StatusListEntry Entry { get; } = entry;

        public DateTimeOffset ReusableBefore { get; } = reusableBefore;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
