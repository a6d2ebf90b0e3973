// A loopback OTLP/HTTP receiver: Kestrel on 127.0.0.1:0 that accepts POST /v1/{signal}, answers 200 with an empty
// protobuf body (an empty Export*ServiceResponse, OTLP/HTTP §"Success") and keeps each request's path, content type
// and body bytes. It does not decode protobuf; tests look for known strings in the bytes.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.Cli.Tests.Infrastructure;

public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<OtlpRequest> _requests = [];

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single().TrimEnd('/');

    public IReadOnlyList<OtlpRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            lock (receiver._requests)
            {
                receiver._requests.Add(new OtlpRequest(signal, context.Request.ContentType, context.Request.Headers.ContentEncoding.ToString(), body.ToArray()));
            }

            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record OtlpRequest(string Signal, string? ContentType, string ContentEncoding, byte[] Body)
{
    public bool Contains(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    public bool Contains(byte[] bytes) => Body.AsSpan().IndexOf(bytes) >= 0;
}
