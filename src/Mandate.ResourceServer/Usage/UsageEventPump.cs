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

        // Stopping completes the queue: the loop then drains what is queued and ends. The wait takes no token, so
        // the channel reuses one waiter instead of allocating one per wake-up.
        using var stopping = stoppingToken.Register(static state => ((UsageEventDispatcher)state!).Complete(), dispatcher);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
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
