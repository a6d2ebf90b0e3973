using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// Group commit for <see cref="SqliteAgentStore.CreateAsync"/>: concurrent creations are inserted in one
/// transaction, so registering a fleet costs one WAL fsync per batch rather than one per agent.
/// </summary>
/// <remarks>
/// Each caller queues its agent and then waits for the writer gate. Whoever holds the gate takes every agent
/// queued so far (its own included, unless an earlier holder already wrote it) and commits them together with
/// <c>synchronous=FULL</c>; each caller returns only once the transaction holding its agent committed, so a
/// returned creation is as durable as before. Without the gate the callers' connections would contend for
/// SQLite's write lock and wait in its busy handler (sleeps of 1 to 100 ms) for every single insert.
/// A failed transaction is rolled back and fails every agent in it; the next caller starts a fresh one.
/// </remarks>
internal sealed class SqliteAgentInsertBatcher(SqliteDatabase database)
{
    /// <summary>The most agents inserted in one transaction, so one batch holds the write lock briefly.</summary>
    internal const int MaxBatch = 256;

    private const string InsertSql =
        $"INSERT INTO agents ({SqliteAgentMapping.Columns}, change_seq) VALUES ($id, $client_id, $name, $owner, " +
        "$allowed_scopes, $default_scopes, $allowed_audiences, $allowed_grant_types, $token_lifetime_ticks, " +
        "$status, $expires_at, $created_at, $last_used_at, $secret_hash, $jwks, $version, $dpop, " + SqliteAgentStore.NextChange + ") " +
        "ON CONFLICT (id) DO NOTHING;";

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The number of transactions committed, for tests.</summary>
    internal long Commits { get; private set; }

    /// <summary>The number of agents waiting for a transaction, for tests.</summary>
    internal int Queued => _queue.Count;

    /// <summary>Inserts <paramref name="agent"/> with the agents queued alongside it.</summary>
    /// <returns>False when an agent with the same id already existed (nothing was written for it).</returns>
    public async ValueTask<bool> InsertAsync(Agent agent)
    {
        var pending = new Pending(agent);
        _queue.Enqueue(pending);
        // Not cancellable once queued: the agent may already be in a transaction another caller is committing, and a
        // creation the caller gave up on is still either written or refused as a whole.
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            while (!pending.Done.Task.IsCompleted)
            {
                await WriteBatchAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return await pending.Done.Task.ConfigureAwait(false);
    }

    private async Task WriteBatchAsync()
    {
        var batch = new List<Pending>(Math.Min(_queue.Count, MaxBatch));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        var inserted = new bool[batch.Count];
        try
        {
            await using var connection = await database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = InsertSql;
                SqliteAgentMapping.Bind(command, batch[i].Agent);
                command.Parameters.AddWithValue("$version", batch[i].Agent.Version);
                inserted[i] = await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1;
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            Commits++;
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(inserted[i]);
        }
    }

    private sealed class Pending(Agent agent)
    {
        public Agent Agent { get; } = agent;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
