// A loopback Kestrel host serving client metadata documents for the CIMD tests: each path has a handler the
// test sets, and every request is counted, so a test can prove a fetch did (or did not) happen.
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests.ClientIdMetadata;

internal sealed class DocumentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private DocumentHost(WebApplication app) => _app = app;

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>, no trailing slash.</summary>
    public string Origin { get; private set; } = "";

    public int Port => new Uri(Origin).Port;

    public static async Task<DocumentHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new DocumentHost(app);
        app.Run(context =>
        {
            var path = context.Request.Path.Value ?? "";
            host._hits.AddOrUpdate(path, 1, static (_, count) => count + 1);
            if (host._routes.TryGetValue(path, out var handler))
            {
                return handler(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        host.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return host;
    }

    public void Map(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    /// <summary>Serves <paramref name="json"/> at <paramref name="path"/> as application/json, with an optional Cache-Control.</summary>
    public void MapJson(string path, string json, string? cacheControl = null) => Map(path, async context =>
    {
        context.Response.ContentType = "application/json";
        if (cacheControl is not null)
        {
            context.Response.Headers.CacheControl = cacheControl;
        }

        await context.Response.WriteAsync(json);
    });

    public int Hits(string path) => _hits.TryGetValue(path, out var count) ? count : 0;

    public int TotalHits => _hits.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
