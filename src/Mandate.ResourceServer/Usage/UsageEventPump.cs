// The single reader of UsageEventDispatcher: delivers each event to every sink in order. On shutdown the events
// already queued are still delivered (with a cancelled token), then the loop ends.
using Mandate.ResourceServer.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Usage;

internal sealed class UsageEventPump(UsageEventDispatcher dispatcher, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Mandate.ResourceServer");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dispatcher.Reader is not { } reader)
        {
            return;
        }

        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var usage))
                {
                    await DeliverAsync(usage, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            dispatcher.Complete();
            while (reader.TryRead(out var usage))
            {
                await DeliverAsync(usage, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask DeliverAsync(MandateUsageEvent usage, CancellationToken cancellationToken)
    {
        foreach (var sink in dispatcher.Sinks)
        {
            try
            {
                await sink.OnUsageAsync(usage, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A sink's failure must never reach the API's requests or stop later events.
                Log.UsageSinkFailed(_logger, sink.GetType().Name, exception);
            }
        }
    }
}
