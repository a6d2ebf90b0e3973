// Turns one event into one signed SET per stream that delivers it and queues it in the shared store, so the SET
// survives a restart and any node may push it. Streams that are enabled or paused receive events (SSF 1.0 §8.1.2:
// a paused stream holds them); a disabled stream receives none. Push SETs are due at once; poll SETs wait to be polled.
using Mandate.Server.Tokens;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.SharedSignals;

internal sealed class SecurityEventPublisher(
    ISecurityEventStore store,
    SecurityEventTokenWriter writer,
    TokenIdGenerator ids,
    SharedSignalsDeliverySignal signal,
    IOptions<SharedSignalsOptions> options,
    TimeProvider timeProvider,
    ILogger<SecurityEventPublisher> logger)
{
    /// <summary>Queues <paramref name="securityEvent"/> on every stream that delivers it.</summary>
    public async Task PublishAsync(SecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        foreach (var stream in await store.ListStreamsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            await PublishAsync(securityEvent, stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Queues <paramref name="securityEvent"/> on <paramref name="stream"/> if it delivers the event type.</summary>
    public async Task PublishAsync(SecurityEvent securityEvent, SecurityEventStream stream, CancellationToken cancellationToken)
    {
        var configuration = StreamConfiguration.FromJson(stream.Configuration);
        if (stream.Status == SharedSignalsNames.Disabled || !configuration.Delivers(securityEvent.Type))
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var eventId = ids.Next();
        await store.EnqueueAsync(new PendingSecurityEvent
        {
            StreamId = stream.StreamId,
            EventId = eventId,
            Token = writer.Write(securityEvent, stream.ClientId, eventId),
            CreatedAt = now,
            ExpiresAt = now + options.Value.EventRetention,
            NextAttemptAt = configuration.IsPush ? now : null,
        }, cancellationToken).ConfigureAwait(false);
        SharedSignalsLog.Queued(logger, eventId, securityEvent.Type, stream.StreamId);
        if (configuration.IsPush)
        {
            signal.Notify();
        }
    }
}
