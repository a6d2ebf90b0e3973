// LISTEN/NOTIFY for a cluster on one PostgreSQL schema. Statement triggers (migration v6) call pg_notify on the
// channel mandate_changes with the payload "<schema> <kind>" when revocation_events, agents (create, update,
// policy), signing_keys or trusted_issuers change; PostgreSQL delivers the notification when the writing
// transaction commits, to every listening session of the database. One dedicated connection per node (not
// pooled, application_name mandate-listen) sits in WaitAsync and completes the waiters of the kind named, ignoring
// other schemas. Its Npgsql keepalive (the connection string's Keepalive, else 10 s) sends a query after that much
// silence and breaks the connection when no answer comes within as long again, so a peer that went silent without
// closing is noticed within twice the keepalive. A lost connection completes every waiter (so readers fall back to their
// poll and catch up) and clears the pool's idle connections (most likely broken too), then reconnects with backoff
// (100 ms doubling to 5 s); a restored one completes them again.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Mandate.Storage.PostgreSql;

internal sealed partial class PostgreSqlChangeListener(PostgreSqlDatabase database, TimeProvider timeProvider, ILogger? logger)
    : IStoreChangeSignal, IAsyncDisposable
{
    internal const string Channel = "mandate_changes";
    internal const string ApplicationName = "mandate-listen";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ClearPoolWait = TimeSpan.FromSeconds(1);
    private static readonly string[] Kinds = ["revocations", "agents", "keys", "trusted_issuers"];

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TaskCompletionSource[] _waiters = NewWaiters();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private volatile bool _listening;

    /// <inheritdoc />
    public bool IsListening => _listening;

    /// <inheritdoc />
    public Task WaitAsync(StoreChangeKind kind)
    {
        if (Volatile.Read(ref _loop) is null)
        {
            var loop = new Task<Task>(() => ListenAsync(_stopping.Token));
            if (Interlocked.CompareExchange(ref _loop, loop.Unwrap(), null) is null)
            {
                loop.Start(TaskScheduler.Default);
            }
        }

        return Volatile.Read(ref _waiters[(int)kind]).Task;
    }

    /// <summary>Stops listening and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _loop) is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = database.CreateListenConnection();
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                string schema;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; SELECT current_schema();", connection))
                {
                    schema = (string)(await listen.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false))!;
                }

                connection.Notification += (_, e) => OnNotification(schema, e.Payload);
                _listening = true;
                CompleteAll();
                LogListening(_logger, database.Description);
                retry = FirstRetry;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                if (_listening)
                {
                    _listening = false;

                    // The server went away under the listen connection (restart, failover, terminated backends, a
                    // silent peer): the pool's idle connections are most likely broken too, and each would fail one
                    // request. Clearing is waited for at most ClearPoolWait: an idle connection in the middle of its
                    // own keepalive on a silent peer holds its lock until the command timeout, and neither the
                    // waiters nor the reconnect should wait for that (the clearing goes on beside the loop).
                    await Task.Run(database.ClearPool, CancellationToken.None)
                        .WaitAsync(ClearPoolWait, timeProvider, CancellationToken.None)
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    CompleteAll();
                }

                LogListenFailed(_logger, retry.TotalMilliseconds, exception);
            }

            try
            {
                await Task.Delay(retry, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }

        _listening = false;
    }

    private void OnNotification(string schema, string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !payload.AsSpan(0, space).SequenceEqual(schema))
        {
            return;
        }

        var kind = Array.IndexOf(Kinds, payload[(space + 1)..]);
        if (kind >= 0)
        {
            Complete(kind);
        }
    }

    private void CompleteAll()
    {
        for (var kind = 0; kind < _waiters.Length; kind++)
        {
            Complete(kind);
        }
    }

    private void Complete(int kind) =>
        Interlocked.Exchange(ref _waiters[kind], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static TaskCompletionSource[] NewWaiters() =>
        [.. Kinds.Select(static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];

    [LoggerMessage(EventId = 7800, Level = LogLevel.Information, Message = "Listening for store changes on {Database}")]
    private static partial void LogListening(ILogger logger, string database);

    [LoggerMessage(EventId = 7801, Level = LogLevel.Warning, Message = "The store's listening connection failed; idle pooled connections dropped, polling meanwhile, reconnecting in {RetryMilliseconds} ms")]
    private static partial void LogListenFailed(ILogger logger, double retryMilliseconds, Exception exception);
}
