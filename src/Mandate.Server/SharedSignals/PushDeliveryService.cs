// RFC 8935 push delivery. Each round claims the due push SETs from the shared store (a lease, so one node pushes
// each SET), POSTs each as application/secevent+jwt with the receiver's configured Authorization header (stored sealed,
// opened here for the push only; on start, headers an earlier version stored in plain text are sealed), and:
//   §2.2 202 Accepted (any 2xx) -> delivered, removed from the queue;
//   §2.3 400 with an error object -> the receiver rejected the SET; retrying cannot help, dropped and logged;
//   anything else (network failure, timeout, 5xx, 401, an endpoint resolving to a non-public address, ...) -> retried after a backoff that doubles from
//   PushInitialBackoff up to PushMaxBackoff, at most PushMaxAttempts attempts, then dropped and logged.
// A paused stream's SETs wait (rechecked every PushMaxBackoff); a disabled or deleted stream's SETs are dropped.
// Every 60 rounds, events past their retention are purged.
using System.Net;
using System.Net.Http.Headers;
using Mandate.Server.ClientIdMetadata;
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.SharedSignals;

internal sealed class PushDeliveryService(
    ISecurityEventStore store,
    SharedSignalsDeliverySignal signal,
    StreamSecretProtector secrets,
    StreamSecretMigration migration,
    IOptions<SharedSignalsOptions> options,
    TimeProvider timeProvider,
    ILogger<PushDeliveryService> logger) : BackgroundService
{
    private const int BatchSize = 50;
    private const int PurgeEveryRounds = 60;

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // Server-side request forgery guard on the addresses actually connected to (DNS rebinding cannot pass it).
        ConnectCallback = (context, cancellationToken) => OutboundAddressPolicy.ConnectAsync(context, options.Value.AllowLoopbackPushEndpointsForTesting, cancellationToken),
    })
    {
        // A network timeout is wall-clock socket time; only the backoff between attempts runs on TimeProvider.
        Timeout = options.Value.PushTimeout,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.AllowHttpPushEndpointsForDevelopment)
        {
            SharedSignalsLog.HttpPushAllowed(logger);
        }

        var headersSealed = false;
        for (var round = 1; !stoppingToken.IsCancellationRequested; round++)
        {
            try
            {
                if (!headersSealed)
                {
                    await migration.SealPlaintextHeadersAsync(stoppingToken).ConfigureAwait(false);
                    headersSealed = true;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                SharedSignalsLog.SealFailed(logger, exception);
            }

            try
            {
                await RunRoundAsync(stoppingToken).ConfigureAwait(false);
                if (round % PurgeEveryRounds == 0)
                {
                    await store.PurgeExpiredAsync(timeProvider.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                SharedSignalsLog.RoundFailed(logger, exception);
            }

            try
            {
                await signal.WaitAsync(settings.DeliveryInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Pushes every due SET, in batches, until none is due.</summary>
    internal async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingSecurityEvent> due;
        do
        {
            var now = timeProvider.GetUtcNow();
            // The lease outlasts one push per event of the batch, so no other node takes them meanwhile.
            due = await store.ClaimDueAsync(now, now + options.Value.PushTimeout * (BatchSize + 1), BatchSize, cancellationToken).ConfigureAwait(false);
            var streams = new Dictionary<string, SecurityEventStream?>(StringComparer.Ordinal);
            foreach (var pending in due)
            {
                if (!streams.TryGetValue(pending.StreamId, out var stream))
                {
                    stream = await store.GetStreamAsync(pending.StreamId, cancellationToken).ConfigureAwait(false);
                    streams[pending.StreamId] = stream;
                }

                await DeliverAsync(pending, stream, cancellationToken).ConfigureAwait(false);
            }
        }
        while (due.Count == BatchSize);
    }

    private async Task DeliverAsync(PendingSecurityEvent pending, SecurityEventStream? stream, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var configuration = stream is null ? null : StreamConfiguration.FromJson(stream.Configuration);
        if (stream is null || stream.Status == SharedSignalsNames.Disabled || configuration is not { IsPush: true, EndpointUrl: { } endpoint })
        {
            await store.RemoveAsync(pending.StreamId, [pending.EventId], cancellationToken).ConfigureAwait(false);
            SharedSignalsLog.Dropped(logger, pending.EventId, pending.StreamId, pending.Attempts, "the stream is deleted, disabled or no longer a push stream");
            return;
        }

        if (stream.Status == SharedSignalsNames.Paused)
        {
            await store.RescheduleAsync(pending.StreamId, pending.EventId, pending.Attempts, timeProvider.GetUtcNow() + settings.PushMaxBackoff, cancellationToken).ConfigureAwait(false);
            return;
        }

        var attempt = pending.Attempts + 1;
        int status;
        if (secrets.TryReveal(configuration, stream.StreamId, out var authorization))
        {
            status = await PushAsync(endpoint, authorization, pending.Token, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Counted as a failed attempt: the operator may yet restore the key-encryption key the header was sealed with.
            SharedSignalsLog.HeaderUnreadable(logger, stream.StreamId, pending.EventId);
            status = 0;
        }

        if (status is >= 200 and < 300)
        {
            await store.RemoveAsync(pending.StreamId, [pending.EventId], cancellationToken).ConfigureAwait(false);
            SharedSignalsLog.Pushed(logger, pending.EventId, pending.StreamId, attempt);
        }
        else if (status == (int)HttpStatusCode.BadRequest || attempt >= settings.PushMaxAttempts)
        {
            await store.RemoveAsync(pending.StreamId, [pending.EventId], cancellationToken).ConfigureAwait(false);
            SharedSignalsLog.Dropped(logger, pending.EventId, pending.StreamId, attempt, status == 400 ? "the receiver rejected the SET (400)" : "no attempt succeeded, last status " + status);
        }
        else
        {
            var delay = Backoff(attempt, settings);
            await store.RescheduleAsync(pending.StreamId, pending.EventId, attempt, timeProvider.GetUtcNow() + delay, cancellationToken).ConfigureAwait(false);
            SharedSignalsLog.PushFailed(logger, pending.EventId, pending.StreamId, attempt, status, delay.TotalSeconds);
        }
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): initial × 2^(attempt-1), capped.</summary>
    internal static TimeSpan Backoff(int attempt, SharedSignalsOptions settings)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.PushInitialBackoff.Ticks * factor, settings.PushMaxBackoff.Ticks));
        return delay;
    }

    // The HTTP status, or 0 when no answer came (connection refused, timeout).
    private async Task<int> PushAsync(string endpoint, string? authorization, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(token) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(SharedSignalsNames.SetMediaType);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
