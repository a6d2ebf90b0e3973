using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Audit;

/// <summary>Deletes audit records older than <see cref="MandateAuditOptions.Retention"/> every <see cref="MandateAuditOptions.RetentionSweepInterval"/>.</summary>
internal sealed class AuditRetentionService(
    IAuditStore store,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<AuditRetentionService> logger) : BackgroundService
{
    /// <summary>Runs one sweep now; returns how many records were deleted (0 when retention is off).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Audit.Retention is not { } retention)
        {
            return 0;
        }

        try
        {
            var deleted = await store.DeleteBeforeAsync(timeProvider.GetUtcNow() - retention, cancellationToken).ConfigureAwait(false);
            if (deleted > 0)
            {
                Log.AuditRetentionSwept(logger, deleted, retention);
            }

            return deleted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed sweep is retried on the next tick; it must not stop the server.
            Log.AuditRetentionFailed(logger, ex);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Audit.Retention is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Audit.RetentionSweepInterval, timeProvider);
        try
        {
            do
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
