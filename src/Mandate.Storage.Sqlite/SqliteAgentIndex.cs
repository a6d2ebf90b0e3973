using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// Fills the agent-keyed lookup tables <c>audit_agent_ids</c> and <c>status_agent_ids</c> (migration v21) in bulk, off the
/// request path, so that a token request writes no B-tree page chosen by its agent.
/// </summary>
/// <remarks>
/// <para>Why: an index keyed by agent gets each new row at that agent's place in the tree. With one active agent every
/// row of a commit lands on the same page; with thousands, each row of a commit dirties a page of its own, which SQLite
/// reads, writes to the WAL and later checkpoints. Measured with the fleet benchmark, the two agent-keyed indexes of the
/// audit log and the status-list entries were the whole difference between one and a thousand active agents.</para>
/// <para>How: the writers (<see cref="SqliteAuditAppender"/>, <see cref="SqliteStatusListAllocations"/>) report the rows
/// they committed; once <see cref="RowsPerRun"/> have accumulated, one run starts on the thread pool. It reads the rows
/// past the watermarks of <c>agent_index_state</c>, sorts them by agent and inserts them in transactions of
/// <see cref="RowsPerTransaction"/>, so an agent's rows share its page and the write lock is held briefly; the watermark
/// moves in the last transaction. Audit records are indexed up to the newest id, status entries up to the newest
/// <c>seq</c> (commit order, numbered by <see cref="SqliteStatusListAllocations"/> under the write lock): both grow with
/// every commit, so a row committed after a run is always past its watermark, whatever the clocks say. Queries read the
/// tables and scan the rows past the watermarks by <c>id</c> or <c>seq</c>: at most about <see cref="RowsPerRun"/>
/// rows.</para>
/// <para>The tables are derived data: their transactions commit with <c>synchronous=NORMAL</c>, and a run lost in a crash
/// is simply done again (inserts are idempotent). Status mapping rows are deleted <see cref="ExpiredMargin"/> after the
/// entry they point to expired; audit mapping rows go with the records retention deletes.</para>
/// </remarks>
internal sealed class SqliteAgentIndex(SqliteDatabase database)
{
    /// <summary>Rows committed by the writers between two runs: large against the number of active agents, so
    /// that each agent has several rows per run.</summary>
    internal const int RowsPerRun = 262_144;

    /// <summary>The most mapping rows inserted or deleted in one transaction, so each holds the write lock for a few
    /// milliseconds.</summary>
    internal const int RowsPerTransaction = 256;

    /// <summary>The source rows (ids or seqs) copied into the staging table per statement.</summary>
    internal const int StageSlice = 16_384;

    /// <summary>The pause after each transaction of a run: a writer waiting for the lock (an audit commit) sleeps in
    /// SQLite's busy handler, and gets the lock when it wakes only if the run has not taken it again.</summary>
    internal static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    /// <summary>How long after its entry expired a status lookup row is kept.</summary>
    internal static readonly TimeSpan ExpiredMargin = TimeSpan.FromMinutes(1);

    private int _pending;
    private int _running;

    /// <summary>Runs completed (tests).</summary>
    internal int Runs { get; private set; }

    /// <summary>Records that <paramref name="rows"/> rows were committed; starts a run in the background once enough
    /// have accumulated and none is running. Never blocks and never throws.</summary>
    public void Committed(int rows)
    {
        if (Interlocked.Add(ref _pending, rows) >= RowsPerRun && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            Interlocked.Exchange(ref _pending, 0);
            _ = Task.Run(RunInBackgroundAsync);
        }
    }

    /// <summary>Indexes every row committed so far.</summary>
    /// <exception cref="SqliteException">The database failed; nothing past the last committed transaction changed.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Derived data: a lost run is redone (see the remarks).
        await using var connection = await database.OpenUnsyncedConnectionAsync(cancellationToken).ConfigureAwait(false);

        await IndexAuditAsync(connection, cancellationToken).ConfigureAwait(false);
        await IndexStatusAsync(connection, cancellationToken).ConfigureAwait(false);
        Runs++;
    }

    private async Task RunInBackgroundAsync()
    {
        try
        {
            await RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SqliteException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The rows stay past the watermarks, where queries scan them; the next run indexes them.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task IndexAuditAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var upto = (long)(await ScalarAsync(connection, "SELECT audit_upto FROM agent_index_state;", cancellationToken).ConfigureAwait(false))!;
        if (await ScalarAsync(connection, "SELECT max(id) FROM audit_records;", cancellationToken).ConfigureAwait(false) is not long newest
            || newest <= upto)
        {
            return;
        }

        await StageAndInsertAsync(
            connection,
            "agent TEXT, id INTEGER, PRIMARY KEY (agent, id)",
            "agent, id",
            """
            SELECT agent_id, id FROM audit_records WHERE id > $from AND id <= $to AND agent_id IS NOT NULL
            UNION ALL
            SELECT client_id, id FROM audit_records WHERE id > $from AND id <= $to AND client_id IS NOT NULL AND client_id IS NOT agent_id
            """,
            "INSERT OR IGNORE INTO main.audit_agent_ids (agent, id) SELECT agent, id",
            (upto, newest),
            "UPDATE agent_index_state SET audit_upto = $to;",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task IndexStatusAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var upto = (long)(await ScalarAsync(connection, "SELECT status_upto FROM agent_index_state;", cancellationToken).ConfigureAwait(false))!;
        if (await ScalarAsync(connection, "SELECT max(seq) FROM status_list_entries;", cancellationToken).ConfigureAwait(false) is long newest
            && newest > upto)
        {
            await StageAndInsertAsync(
                connection,
                "agent TEXT, issued_at TEXT, list_id INTEGER, idx INTEGER, expires_at TEXT, PRIMARY KEY (agent, issued_at, list_id, idx)",
                "agent, issued_at, list_id, idx",
                """
                SELECT subject, issued_at, list_id, idx, expires_at FROM status_list_entries WHERE seq > $from AND seq <= $to
                UNION ALL
                SELECT client_id, issued_at, list_id, idx, expires_at FROM status_list_entries
                WHERE seq > $from AND seq <= $to AND client_id IS NOT subject
                """,
                "INSERT OR IGNORE INTO main.status_agent_ids (agent, issued_at, list_id, idx, expires_at) SELECT agent, issued_at, list_id, idx, expires_at",
                (upto, newest),
                "UPDATE agent_index_state SET status_upto = $to;",
                cancellationToken).ConfigureAwait(false);
        }

        // Rows for entries that expired a while ago (by this machine's clock, which stamped them) point at nothing a
        // revocation needs.
        var cut = SqliteValues.ToText(TimeProvider.System.GetUtcNow() - ExpiredMargin);
        int deleted;
        do
        {
            using (await database.WriteGate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
                await using (var delete = connection.CreateCommand())
                {
                    delete.Transaction = transaction;
                    delete.CommandText = """
                        DELETE FROM status_agent_ids WHERE (agent, issued_at, list_id, idx) IN (
                            SELECT agent, issued_at, list_id, idx FROM status_agent_ids WHERE expires_at <= $to LIMIT $count);
                        """;
                    delete.Parameters.AddWithValue("$to", cut);
                    delete.Parameters.AddWithValue("$count", RowsPerTransaction);
                    deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(Pause, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        while (deleted == RowsPerTransaction);
    }

    /// <summary>Copies the pending rows into a temporary table of this connection keyed by agent (which takes no lock on
    /// the database), <see cref="StageSlice"/> source rows at a time with a pause between, so the copy does not hold a
    /// core for long; then numbers them in key order and moves them into the lookup table <see cref="RowsPerTransaction"/>
    /// at a time, all inside SQLite. The watermark moves with the last batch.</summary>
    private async Task StageAndInsertAsync(
        SqliteConnection connection,
        string stagingColumns,
        string stagingKey,
        string pendingSql,
        string insertSql,
        (long From, long To) range,
        string watermarkSql,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            connection,
            null,
            $"DROP TABLE IF EXISTS temp.pending; DROP TABLE IF EXISTS temp.ordered; CREATE TEMP TABLE pending ({stagingColumns}) WITHOUT ROWID;",
            cancellationToken).ConfigureAwait(false);
        try
        {
            for (var from = range.From; from < range.To; from += StageSlice)
            {
                var slice = (from, Math.Min(from + StageSlice, range.To));
                await ExecuteAsync(connection, null, "INSERT OR IGNORE INTO temp.pending " + pendingSql + ";", cancellationToken, slice).ConfigureAwait(false);
                await Task.Delay(Pause, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }

            // A scan of the staging table in key order: its rowids follow the agents.
            await ExecuteAsync(
                connection, null, $"CREATE TEMP TABLE ordered AS SELECT * FROM temp.pending ORDER BY {stagingKey}; DROP TABLE temp.pending;", cancellationToken).ConfigureAwait(false);
            var staged = (long)(await ScalarAsync(connection, "SELECT count(*) FROM temp.ordered;", cancellationToken).ConfigureAwait(false))!;
            var done = 0L;
            do
            {
                using (await database.WriteGate.EnterAsync(cancellationToken).ConfigureAwait(false))
                {
                    await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
                    await ExecuteAsync(
                        connection,
                        transaction,
                        insertSql + $" FROM temp.ordered WHERE rowid > {done} AND rowid <= {done + RowsPerTransaction};",
                        cancellationToken).ConfigureAwait(false);
                    done += RowsPerTransaction;
                    if (done >= staged)
                    {
                        await ExecuteAsync(connection, transaction, watermarkSql, cancellationToken, range).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(Pause, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            while (done < staged);
        }
        finally
        {
            await ExecuteAsync(connection, null, "DROP TABLE IF EXISTS temp.pending; DROP TABLE IF EXISTS temp.ordered;", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        (long From, long To)? range = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (range is { } bounds)
        {
            if (sql.Contains("$from", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("$from", bounds.From);
            }

            command.Parameters.AddWithValue("$to", bounds.To);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
