// Purges what has stopped mattering from the revocation log (events past their ExpiresAt; the feed already
// leaves them out, and sequences are never reused) and, in the same sweep, expired delegation links (links of
// children past their exp) and refresh-token families past their absolute lifetime. Runs at start and then every 10 minutes.
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.Revocation;

internal sealed class RevocationPurgeService(
    IRevocationStore revocations,
    IDelegationLinkStore links,
    IRefreshTokenStore refreshTokens,
    TimeProvider timeProvider,
    ILogger<RevocationPurgeService> logger) : BackgroundService
{
    /// <summary>How often the sweep runs.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Runs one sweep now; returns (events, links) deleted.</summary>
    public async Task<(int Events, int Links)> PurgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = timeProvider.GetUtcNow();
            var events = await revocations.PurgeExpiredAsync(now, cancellationToken).ConfigureAwait(false);
            var deleted = await links.PurgeExpiredAsync(now, cancellationToken).ConfigureAwait(false);
            deleted += await refreshTokens.PurgeExpiredAsync(now, cancellationToken).ConfigureAwait(false);
            if (events + deleted > 0)
            {
                Log.RevocationLogPurged(logger, events, deleted);
            }

            return (events, deleted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Retried on the next tick; a failed purge only keeps expired rows a little longer.
            Log.RevocationLogPurgeFailed(logger, ex);
            return (0, 0);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            do
            {
                await PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
