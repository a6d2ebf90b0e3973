// Several servers sharing one store: every StorePollInterval this re-reads the signing keys (a handful of rows) and
// swaps the ring's snapshot when another server added, activated, retired, removed or revoked a key, so this
// server's /jwks publishes a new key and its /token signs with the newly active one within one interval.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Keys;

internal sealed class KeyRingFollower(
    SigningKeyRing ring,
    MandateServerInitializer initializer,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<KeyRingFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
                await ring.RefreshAsync(stoppingToken).ConfigureAwait(false);
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
