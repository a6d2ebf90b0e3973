using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests.SharedSignals;

/// <summary>An RFC 8935 push receiver on 127.0.0.1: POST /events records each SET with its Content-Type and
/// Authorization header and answers 202. It can be stopped and started again on the same port.</summary>
internal sealed class PushReceiverHost : IAsyncDisposable
{
    private WebApplication? _app;

    private PushReceiverHost(int port) => Port = port;

    public int Port { get; }

    public string EndpointUrl => $"http://127.0.0.1:{Port}/events";

    public ConcurrentQueue<(string Token, string? ContentType, string? Authorization)> Received { get; } = new();

    public static async Task<PushReceiverHost> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var host = new PushReceiverHost(port);
        await host.StartAgainAsync();
        return host;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(EndpointUrl.Replace("/events", "/", StringComparison.Ordinal));
        var app = builder.Build();
        app.MapPost("/events", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            Received.Enqueue((await reader.ReadToEndAsync(), context.Request.ContentType, context.Request.Headers.Authorization.ToString()));
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Waits (at most 15 s) until a SET arrives for which <paramref name="match"/> holds, and returns it.</summary>
    public async Task<(string Token, string? ContentType, string? Authorization)> WaitForAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            foreach (var received in Received)
            {
                if (match(received.Token))
                {
                    return received;
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
