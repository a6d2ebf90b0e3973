using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

/// <summary>Writes batched last-used times to <see cref="IAgentStore.TouchAsync"/> every LastUsedFlushInterval and at shutdown.</summary>
internal sealed class LastUsedFlushService(
    LastUsedTracker tracker,
    IAgentStore store,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<LastUsedFlushService> logger) : BackgroundService
{
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = tracker.Drain();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await store.TouchAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed flush must not stop the server; the times are retried with the next batch.
            tracker.Restore(batch);
            Log.LastUsedFlushFailed(logger, ex, batch.Count);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LastUsedFlushInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; StopAsync does the final flush.
        }
    }
}
