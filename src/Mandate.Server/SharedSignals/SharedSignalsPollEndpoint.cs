// RFC 8936 poll delivery at POST {issuer}/ssf/poll/{stream_id} (the endpoint_url of a poll stream). The receiver
// sends {maxEvents, returnImmediately, ack, setErrs} (§2.1-§2.4); acknowledged SETs and SETs reported in setErrs are
// removed from the queue; the answer is {sets: {jti: SET}, moreAvailable} (§2.5), oldest SETs first. Without
// returnImmediately (default false, §2.1) an empty queue is watched for up to SharedSignalsOptions.PollWait (long
// polling). A paused stream holds its events: its polls return none until it is enabled again (SSF 1.0 §8.1.2).
using System.Text.Json;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsPollEndpoint(
    SharedSignalsHttp http,
    ISecurityEventStore store,
    IOptions<SharedSignalsOptions> options,
    TimeProvider timeProvider,
    ILogger<SharedSignalsPollEndpoint> logger)
{
    /// <summary>The most SETs one poll returns, whatever maxEvents asks.</summary>
    public const int MaxEventsPerPoll = 100;

    private static readonly TimeSpan WatchStep = TimeSpan.FromMilliseconds(250);

    public Task HandleAsync(HttpContext context, string streamId) => http.RunAsync(context, async clientId =>
    {
        if (await SharedSignalsHttp.ReadObjectAsync(context.Request).ConfigureAwait(false) is not { } body
            || !TryRead(body, out var maxEvents, out var returnImmediately, out var acknowledged))
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.BadPoll);
        }

        if (await http.FindOwnedAsync(streamId, clientId, context.RequestAborted).ConfigureAwait(false) is not { } stream)
        {
            return SharedSignalsHttp.NotFound();
        }

        if (StreamConfiguration.FromJson(stream.Configuration).IsPush)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.NotPollStream);
        }

        var removed = await store.RemoveAsync(streamId, acknowledged, context.RequestAborted).ConfigureAwait(false);
        var pending = await PendingAsync(stream, maxEvents, returnImmediately, context.RequestAborted).ConfigureAwait(false);
        var more = pending.Count > maxEvents;
        var sets = pending.Take(maxEvents).ToList();
        SharedSignalsLog.Polled(logger, streamId, removed, body.TryGetProperty("setErrs", out var errors) ? errors.EnumerateObject().Count() : 0, sets.Count);
        return SharedSignalsHttp.Json(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("sets");
            foreach (var set in sets)
            {
                writer.WriteString(set.EventId, set.Token);
            }

            writer.WriteEndObject();
            writer.WriteBoolean("moreAvailable", more);
            writer.WriteEndObject();
        });
    });

    // One more than asked, to tell moreAvailable.
    private async Task<IReadOnlyList<PendingSecurityEvent>> PendingAsync(SecurityEventStream stream, int maxEvents, bool returnImmediately, CancellationToken cancellationToken)
    {
        if (maxEvents == 0 || stream.Status != SharedSignalsNames.Enabled)
        {
            return [];
        }

        var deadline = timeProvider.GetUtcNow() + (returnImmediately ? TimeSpan.Zero : options.Value.PollWait);
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            var pending = await store.ListPendingAsync(stream.StreamId, now, maxEvents + 1, cancellationToken).ConfigureAwait(false);
            if (pending.Count > 0 || now >= deadline)
            {
                return pending;
            }

            await Task.Delay(WatchStep < deadline - now ? WatchStep : deadline - now, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool TryRead(JsonElement body, out int maxEvents, out bool returnImmediately, out List<string> acknowledged)
    {
        maxEvents = MaxEventsPerPoll;
        returnImmediately = false;
        acknowledged = [];
        if (body.TryGetProperty("maxEvents", out var max))
        {
            if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var value) || value < 0)
            {
                return false;
            }

            maxEvents = Math.Min(value, MaxEventsPerPoll);
        }

        if (body.TryGetProperty("returnImmediately", out var immediate))
        {
            if (immediate.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return false;
            }

            returnImmediately = immediate.GetBoolean();
        }

        if (body.TryGetProperty("ack", out var ack))
        {
            if (ack.ValueKind != JsonValueKind.Array || ack.GetArrayLength() > 1000 || ack.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
            {
                return false;
            }

            acknowledged.AddRange(ack.EnumerateArray().Select(a => a.GetString()!));
        }

        if (body.TryGetProperty("setErrs", out var errors))
        {
            // §2.3: a SET the receiver could not process is reported once and not sent again.
            if (errors.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            acknowledged.AddRange(errors.EnumerateObject().Select(e => e.Name));
        }

        return true;
    }
}
