// GET /revocations: the revocation feed for resource servers (docs/revocation.md). Two forms of one cursor-based
// log (the IRevocationStore sequence is the cursor):
//   - poll:  GET /revocations?after=N           -> {"head","cursor","more","events":[...]}  (JSON page)
//   - push:  GET /revocations?after=N with Accept: text/event-stream (or Last-Event-ID) -> server-sent events
//            (WHATWG HTML §9.2): a "hello" event with the head, every event after the cursor, then each new event
//            as it is stored, with "id:" = sequence so a reconnect resumes from Last-Event-ID.
// Deliberate choice: SSE, not RFC 8417 SETs pushed by the server (SSF style): an API needs no inbound endpoint and
// no receiver registration, and the cursor makes the stream resumable. Events carry token ids, agent ids and kids,
// never token values; the feed is public like the JWKS, because an id alone grants nothing.
// When a client's cursor is ahead of the head (the server lost its log, e.g. an in-memory store restarted),
// the feed starts again from 0 and says "reset": the client drops its list and rebuilds it.
using System.Globalization;
using System.Text.Json;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Mandate.Server.Endpoints;

internal sealed class RevocationFeedEndpoint(IRevocationStore store, RevocationFeedSignal signal, ServerMetrics metrics, TimeProvider timeProvider)
{
    private const int PageSize = 1000;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var lastEventId = request.Headers["Last-Event-ID"].ToString();
        var afterText = request.Query["after"].ToString();
        if (afterText.Length == 0)
        {
            afterText = lastEventId.Length > 0 ? lastEventId : "0";
        }

        if (!long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
        {
            await OAuthErrorResult.WithStatus(Mandate.Protocol.OAuthError.InvalidRequest("MND2700: after must be a non-negative integer feed cursor."), StatusCodes.Status400BadRequest).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var stream = lastEventId.Length > 0 || request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        var head = await store.GetHeadAsync(context.RequestAborted).ConfigureAwait(false);
        var reset = after > head;
        if (reset)
        {
            after = 0;
        }

        if (stream)
        {
            await StreamAsync(context, after, head, reset).ConfigureAwait(false);
        }
        else
        {
            await PageAsync(context, after, head, reset).ConfigureAwait(false);
        }
    }

    private async Task PageAsync(HttpContext context, long after, long head, bool reset)
    {
        var events = await store.ListAfterAsync(after, PageSize, context.RequestAborted).ConfigureAwait(false);
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteNumber("head", head);
        writer.WriteNumber("cursor", events.Count > 0 ? events[^1].Sequence : after);
        writer.WriteBoolean("more", events.Count == PageSize);
        writer.WriteBoolean("reset", reset);
        writer.WriteStartArray("events");
        var now = timeProvider.GetUtcNow();
        foreach (var revocation in events)
        {
            if (revocation.ExpiresAt > now)
            {
                RevocationFeedFormat.Write(writer, revocation);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, long cursor, long head, bool reset)
    {
        // Resolved per request: the host lifetime exists only in a hosted app. Stopping ends the stream, so a
        // subscriber never delays shutdown; it reconnects with Last-Event-ID.
        var stopping = context.RequestServices.GetService(typeof(IHostApplicationLifetime)) is IHostApplicationLifetime lifetime ? lifetime.ApplicationStopping : CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = linked.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        metrics.FeedSubscriberConnected();
        try
        {
            await RevocationFeedFormat.WriteHelloAsync(response, head, reset, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                // Take the signal before reading, so an event stored between the read and the wait is not missed.
                var changed = signal.WaitAsync();
                var events = await store.ListAfterAsync(cursor, PageSize, cancellationToken).ConfigureAwait(false);
                if (events.Count > 0)
                {
                    var now = timeProvider.GetUtcNow();
                    foreach (var revocation in events)
                    {
                        await RevocationFeedFormat.WriteEventAsync(response, revocation, revocation.ExpiresAt <= now, cancellationToken).ConfigureAwait(false);
                        cursor = revocation.Sequence;
                    }

                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (events.Count == PageSize)
                    {
                        continue;
                    }
                }

                var heartbeat = Task.Delay(Heartbeat, timeProvider, cancellationToken);
                if (await Task.WhenAny(changed, heartbeat).ConfigureAwait(false) == heartbeat)
                {
                    await RevocationFeedFormat.WriteHeartbeatAsync(response, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The subscriber went away or the server is stopping: the subscriber resumes from Last-Event-ID.
        }
        finally
        {
            metrics.FeedSubscriberDisconnected();
        }
    }
}
