// Several servers sharing one store: the poll loop shared by the followers (RevocationFollower, KeyRingFollower).
// After the server's own initialisation it calls PollOnceAsync every StorePollInterval (0 = off, one server per
// store); store or I/O failures are logged and retried at the next interval, never fatal.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server;

internal abstract class StoreFollower(
    MandateServerInitializer initializer,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger logger) : BackgroundService
{
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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
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
}
