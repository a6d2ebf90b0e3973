// SSF 1.0 §8.1.1: the stream configuration endpoint. POST creates (201), GET reads one (?stream_id=) or lists the
// caller's streams, PATCH updates and PUT replaces the receiver-supplied members (200), DELETE removes the stream
// and its queued events (204). Each stream belongs to the client that created it; another client's stream answers
// 404 as a missing one does. A client may own at most SharedSignalsOptions.MaxStreamsPerClient streams (409).
using System.Text.Json;
using Mandate.Server.Tokens;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsStreamEndpoints(
    SharedSignalsHttp http,
    ISecurityEventStore store,
    IssuerUris issuer,
    SharedSignalsUris uris,
    IOptions<SharedSignalsOptions> options,
    TokenIdGenerator ids,
    StreamSecretProtector secrets,
    TimeProvider timeProvider,
    ILogger<SharedSignalsStreamEndpoints> logger)
{
    public Task CreateAsync(HttpContext context) => http.RunAsync(context, async clientId =>
    {
        if (await SharedSignalsHttp.ReadObjectAsync(context.Request).ConfigureAwait(false) is not { } body)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.NotJson);
        }

        var (configuration, error) = StreamConfigurationReader.Read(body, null, options.Value.AllowHttpPushEndpointsForDevelopment, options.Value.AllowLoopbackPushEndpointsForTesting);
        if (error is not null)
        {
            return SharedSignalsHttp.BadRequest(error);
        }

        var owned = await store.ListStreamsAsync(clientId, context.RequestAborted).ConfigureAwait(false);
        if (owned.Count >= options.Value.MaxStreamsPerClient)
        {
            return SharedSignalsHttp.Error(SharedSignalsErrors.TooManyStreams, StatusCodes.Status409Conflict);
        }

        var now = timeProvider.GetUtcNow();
        var stream = new SecurityEventStream
        {
            StreamId = ids.Next(),
            ClientId = clientId,
            Status = SharedSignalsNames.Enabled,
            Configuration = string.Empty,
            CreatedAt = now,
            UpdatedAt = now,
        };
        stream = stream with { Configuration = secrets.Seal(configuration!, stream.StreamId).ToJson() };
        await store.CreateStreamAsync(stream, context.RequestAborted).ConfigureAwait(false);
        SharedSignalsLog.StreamChanged(logger, stream.StreamId, "created", clientId);
        return Answer(StatusCodes.Status201Created, stream, configuration!);
    });

    public Task ReadAsync(HttpContext context) => http.RunAsync(context, async clientId =>
    {
        if (!context.Request.Query.TryGetValue("stream_id", out var id))
        {
            var streams = await store.ListStreamsAsync(clientId, context.RequestAborted).ConfigureAwait(false);
            return SharedSignalsHttp.Json(StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartArray();
                foreach (var stream in streams)
                {
                    Write(writer, stream, StreamConfiguration.FromJson(stream.Configuration));
                }

                writer.WriteEndArray();
            });
        }

        return await http.FindOwnedAsync(id.Count == 1 ? id[0] : null, clientId, context.RequestAborted).ConfigureAwait(false) is { } owned
            ? Answer(StatusCodes.Status200OK, owned, StreamConfiguration.FromJson(owned.Configuration))
            : SharedSignalsHttp.NotFound();
    });

    public Task UpdateAsync(HttpContext context) => ChangeAsync(context, replace: false);

    public Task ReplaceAsync(HttpContext context) => ChangeAsync(context, replace: true);

    public Task DeleteAsync(HttpContext context) => http.RunAsync(context, async clientId =>
    {
        var id = context.Request.Query["stream_id"];
        if (id.Count != 1 || string.IsNullOrEmpty(id[0]))
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.MissingStreamId);
        }

        if (await http.FindOwnedAsync(id[0], clientId, context.RequestAborted).ConfigureAwait(false) is null
            || !await store.DeleteStreamAsync(id[0]!, context.RequestAborted).ConfigureAwait(false))
        {
            return SharedSignalsHttp.NotFound();
        }

        SharedSignalsLog.StreamChanged(logger, id[0]!, "deleted", clientId);
        return Results.NoContent();
    });

    private Task ChangeAsync(HttpContext context, bool replace) => http.RunAsync(context, async clientId =>
    {
        if (await SharedSignalsHttp.ReadObjectAsync(context.Request).ConfigureAwait(false) is not { } body)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.NotJson);
        }

        if (!body.TryGetProperty("stream_id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return SharedSignalsHttp.BadRequest(SharedSignalsErrors.MissingStreamId);
        }

        if (await http.FindOwnedAsync(id.GetString(), clientId, context.RequestAborted).ConfigureAwait(false) is not { } stream)
        {
            return SharedSignalsHttp.NotFound();
        }

        var current = StreamConfiguration.FromJson(stream.Configuration);
        var (configuration, error) = StreamConfigurationReader.Read(body, replace ? null : current, options.Value.AllowHttpPushEndpointsForDevelopment, options.Value.AllowLoopbackPushEndpointsForTesting);
        if (error is not null)
        {
            return SharedSignalsHttp.BadRequest(error);
        }

        configuration = configuration! with { LastVerificationAt = current.LastVerificationAt };
        var updated = stream with { Configuration = secrets.Seal(configuration, stream.StreamId).ToJson(), UpdatedAt = timeProvider.GetUtcNow() };
        if (!await store.UpdateStreamAsync(updated, context.RequestAborted).ConfigureAwait(false))
        {
            return SharedSignalsHttp.NotFound();
        }

        SharedSignalsLog.StreamChanged(logger, stream.StreamId, replace ? "replaced" : "updated", clientId);
        return Answer(StatusCodes.Status200OK, updated, configuration);
    });

    private IResult Answer(int status, SecurityEventStream stream, StreamConfiguration configuration) =>
        SharedSignalsHttp.Json(status, writer => Write(writer, stream, configuration));

    private void Write(Utf8JsonWriter writer, SecurityEventStream stream, StreamConfiguration configuration) =>
        StreamConfiguration.WriteResponse(writer, stream, configuration, issuer.Issuer, stream.ClientId, uris, options.Value.MinVerificationInterval);
}
