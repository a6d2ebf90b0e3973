// Several servers sharing one store: the loop shared by the followers (RevocationFollower, KeyRingFollower,
// AgentChangeFollower). After the server's own initialisation it calls PollOnceAsync every StorePollInterval (0 = off,
// one server per store). When the store pushes changes (IStoreChangeSignal, PostgreSQL LISTEN/NOTIFY) it also polls
// as soon as a change of its kind is announced, and while the push is up the timed poll slows to a safety net of
// ListeningPollInterval (or StorePollInterval when longer) unless the follower's polls also confirm a cache; a lost or
// restored push wakes it to catch up at once.
// Store or I/O failures are logged and retried at the next interval, never fatal.
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server;

internal abstract class StoreFollower(
    MandateServerInitializer initializer,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger logger,
    IStoreChangeSignal? changes) : BackgroundService
{
    /// <summary>The timed poll while the store pushes changes: only a safety net for a notification lost in flight.</summary>
    public static readonly TimeSpan ListeningPollInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the timed poll slows to <see cref="ListeningPollInterval"/> while the store pushes changes; false for a
    /// follower whose successful polls also confirm a cache (AgentChangeFollower and AgentCache's staleness bound).
    /// </summary>
    protected virtual bool SlowsWhileListening => true;

    /// <summary>The kind of store change this follower applies.</summary>
    protected abstract StoreChangeKind Watches { get; }

    /// <summary>Reads what other servers changed in the store since the last call and applies it here.</summary>
    public abstract Task PollOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.StorePollInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        await initializer.InitializeAsync(stoppingToken).ConfigureAwait(false);
        var changed = changes?.WaitAsync(Watches);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = SlowsWhileListening && changes is { IsListening: true } && ListeningPollInterval > interval ? ListeningPollInterval : interval;
                await WaitForChangeAsync(changed, wait, stoppingToken).ConfigureAwait(false);
                changed = changes?.WaitAsync(Watches);
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or System.Data.Common.DbException)
            {
                Log.StoreFollowFailed(logger, exception);
            }
        }
    }

    private async Task WaitForChangeAsync(Task? changed, TimeSpan wait, CancellationToken stoppingToken)
    {
        if (changed is null)
        {
            await Task.Delay(wait, timeProvider, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(wait, timeProvider, delay.Token);
        await Task.WhenAny(changed, timer).ConfigureAwait(false);
        await delay.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }
}
