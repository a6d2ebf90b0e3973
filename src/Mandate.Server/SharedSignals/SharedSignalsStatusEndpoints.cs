// SSF 1.0 §8.1.2: the status endpoint (GET ?stream_id= reads, POST {stream_id, status, reason} changes it) and
// §8.1.4: the verification endpoint (POST {stream_id, state} queues a verification event carrying state, 204).
// A status change is announced on the stream with a stream-updated event (§8.1.5) unless the stream is now disabled;
// disabling drops the events queued on it (a disabled stream holds nothing). Verification requests closer together
// than min_verification_interval are refused with 429.
using System.Text.Json;
using Mandate.Server.Endpoints;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsStatusEndpoints(
    SharedSignalsHttp http,
    ISecurityEventStore store,
    SecurityEventPublisher publisher,
    StreamSecretProtector secrets,
    IOptions<SharedSignalsOptions> options,
    TimeProvider timeProvider,
    ILogger<SharedSignalsStatusEndpoints> logger)
{
    public Task ReadAsync(HttpContext context) => http.RunAsync(context, async clientId =>
    {
        var id = context.Request.Query["stream_id"];
        if (id.Count != 1 || string.IsNullOrEmpty(id[0]))
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.MissingStreamId);
        }

        return await http.FindOwnedAsync(id[0], clientId, context.RequestAborted).ConfigureAwait(false) is { } stream
            ? Status(stream)
            : SharedSignalsHttp.NotFound();
    });

    public Task UpdateAsync(HttpContext context) => http.RunAsync(context, async clientId =>
    {
        if (await SharedSignalsHttp.ReadObjectAsync(context.Request).ConfigureAwait(false) is not { } body)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.NotJson);
        }

        if (!body.TryGetProperty("stream_id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.MissingStreamId);
        }

        if (!body.TryGetProperty("status", out var status)
            || status.GetString() is not (SharedSignalsNames.Enabled or SharedSignalsNames.Paused or SharedSignalsNames.Disabled)
            || body.TryGetProperty("reason", out var r) && (r.ValueKind != JsonValueKind.String || r.GetString()!.Length > StreamConfiguration.MaxDescriptionLength))
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.BadStatus);
        }

        if (await http.FindOwnedAsync(id.GetString(), clientId, context.RequestAborted).ConfigureAwait(false) is not { } stream)
        {
            return SharedSignalsHttp.NotFound();
        }

        var reason = body.TryGetProperty("reason", out var given) ? given.GetString() : null;
        var updated = stream with { Status = status.GetString()!, StatusReason = reason, UpdatedAt = timeProvider.GetUtcNow() };
        if (!await store.UpdateStreamAsync(updated, context.RequestAborted).ConfigureAwait(false))
        {
            return SharedSignalsHttp.NotFound();
        }

        SharedSignalsLog.StreamChanged(logger, stream.StreamId, "set " + updated.Status, clientId);
        if (updated.Status == SharedSignalsNames.Disabled)
        {
            await DropQueuedAsync(stream.StreamId, context.RequestAborted).ConfigureAwait(false);
        }
        else if (updated.Status != stream.Status)
        {
            await publisher.PublishAsync(StreamEvents.Updated(updated, timeProvider.GetUtcNow()), updated, context.RequestAborted).ConfigureAwait(false);
        }

        return Status(updated);
    });

    public Task VerifyAsync(HttpContext context) => http.RunAsync(context, async clientId =>
    {
        if (await SharedSignalsHttp.ReadObjectAsync(context.Request).ConfigureAwait(false) is not { } body)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.NotJson);
        }

        if (!body.TryGetProperty("stream_id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.MissingStreamId);
        }

        var state = body.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (state is { Length: > StreamConfiguration.MaxDescriptionLength })
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.BadText);
        }

        if (await http.FindOwnedAsync(id.GetString(), clientId, context.RequestAborted).ConfigureAwait(false) is not { } stream)
        {
            return SharedSignalsHttp.NotFound();
        }

        var now = timeProvider.GetUtcNow();
        var configuration = StreamConfiguration.FromJson(stream.Configuration);
        if (configuration.LastVerificationAt is { } last && now - last < options.Value.MinVerificationInterval)
        {
            return OAuthErrorResult.TooManyRequests(SharedSignalsErrors.VerificationTooSoon, options.Value.MinVerificationInterval - (now - last));
        }

        var updated = stream with { Configuration = secrets.Seal(configuration with { LastVerificationAt = now }, stream.StreamId).ToJson() };
        await store.UpdateStreamAsync(updated, context.RequestAborted).ConfigureAwait(false);
        await publisher.PublishAsync(StreamEvents.Verification(stream.StreamId, state, now), updated, context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    });

    private async Task DropQueuedAsync(string streamId, CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingSecurityEvent> queued;
        while ((queued = await store.ListPendingAsync(streamId, DateTimeOffset.MinValue, 500, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            await store.RemoveAsync(streamId, [.. queued.Select(e => e.EventId)], cancellationToken).ConfigureAwait(false);
        }
    }

    private static IResult Status(SecurityEventStream stream) => SharedSignalsHttp.Json(StatusCodes.Status200OK, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("stream_id", stream.StreamId);
        writer.WriteString("status", stream.Status);
        if (stream.StatusReason is not null)
        {
            writer.WriteString("reason", stream.StatusReason);
        }

        writer.WriteEndObject();
    });
}
