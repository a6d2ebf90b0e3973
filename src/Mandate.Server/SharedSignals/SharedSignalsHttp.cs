// Shared request and response plumbing of the Shared Signals endpoints: authorization, bounded JSON bodies,
// the owner check, JSON answers with Cache-Control: no-store, and 503 + Retry-After when the store fails.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Endpoints;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsHttp(SharedSignalsAuthorizer authorizer, ISecurityEventStore store, ILogger<SharedSignalsHttp> logger)
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>Authorizes the request and runs <paramref name="handler"/> with the receiver's client id; a store failure
    /// becomes 503 with Retry-After.</summary>
    public async Task RunAsync(HttpContext context, Func<string, Task<IResult>> handler)
    {
        IResult result;
        var (clientId, failure) = await authorizer.AuthorizeAsync(context).ConfigureAwait(false);
        if (failure is not null)
        {
            result = failure;
        }
        else
        {
            try
            {
                result = await handler(clientId!).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not BadHttpRequestException)
            {
                SharedSignalsLog.StoreUnavailable(logger, exception);
                result = OAuthErrorResult.ForTokenEndpoint(SharedSignalsErrors.Unavailable, false);
            }
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The request body as a JSON object, or null when it is missing, too large or not a JSON object.</summary>
    public static async Task<JsonElement?> ReadObjectAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes || request.ContentType is not { } type
            || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The stream <paramref name="streamId"/> if <paramref name="clientId"/> owns it; another client's stream is
    /// reported as missing, so a receiver learns nothing of other receivers' streams.</summary>
    public async Task<SecurityEventStream?> FindOwnedAsync(string? streamId, string clientId, CancellationToken cancellationToken) =>
        streamId is { Length: > 0 } id && await store.GetStreamAsync(id, cancellationToken).ConfigureAwait(false) is { } stream && stream.ClientId == clientId
            ? stream
            : null;

    public static IResult Error(OAuthError error, int status) => OAuthErrorResult.WithStatus(error, status);

    public static IResult BadRequest(OAuthError error) => OAuthErrorResult.WithStatus(error, StatusCodes.Status400BadRequest);

    public static IResult NotFound() => OAuthErrorResult.WithStatus(SharedSignalsErrors.StreamNotFound, StatusCodes.Status404NotFound);

    /// <summary>A JSON answer written by <paramref name="write"/>, Cache-Control: no-store.</summary>
    public static IResult Json(int status, Action<Utf8JsonWriter> write) => new JsonAnswer(status, write);

    private sealed class JsonAnswer(int status, Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            await using (var writer = new Utf8JsonWriter(response.BodyWriter))
            {
                write(writer);
            }

            await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
