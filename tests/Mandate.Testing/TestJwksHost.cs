using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Testing;

/// <summary>A JWKS endpoint on 127.0.0.1 (real Kestrel), serving <see cref="Jwks"/> at <c>/jwks</c> and counting fetches.</summary>
public sealed class TestJwksHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _fetches;

    private TestJwksHost(WebApplication app, string jwks)
    {
        _app = app;
        Jwks = jwks;
    }

    /// <summary>The document served; may be replaced (key rotation).</summary>
    public string Jwks { get; set; }

    /// <summary>How many times the JWKS was fetched.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>The JWKS URL (http on loopback).</summary>
    public string JwksUri { get; private set; } = "";

    /// <summary>Starts the host.</summary>
    public static async Task<TestJwksHost> StartAsync(string jwks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new TestJwksHost(app, jwks);
        app.MapGet("/jwks", (HttpContext context) =>
        {
            Interlocked.Increment(ref host._fetches);
            return Results.Text(host.Jwks, "application/json");
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        host.JwksUri = bound.First().TrimEnd('/') + "/jwks";
        return host;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
