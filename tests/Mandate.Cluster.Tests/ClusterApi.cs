using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Mandate.ResourceServer;
using Mandate.ResourceServer.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Cluster.Tests;

/// <summary>
/// A loopback API in front of the cluster, as samples/Mandate.Samples.Api: Mandate.ResourceServer's bearer handler
/// for the public issuer (node 1), subscribed to that node's revocation feed, serving GET /api/orders.
/// </summary>
internal sealed class ClusterApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private ClusterApi(WebApplication app, Uri baseAddress)
    {
        _app = app;
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<ClusterApi> StartAsync(string issuer)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var baseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        probe.Stop();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseAddress.AbsoluteUri);
        builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(options =>
        {
            options.Issuer = issuer;
            options.Audience = "https://api.example.test";
            options.AllowHttpIssuer = true;
            options.UseRevocationFeed = true;
            options.JwksRefreshCooldown = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/orders", () => Results.Ok()).RequireScope("orders:read");
        await app.StartAsync();
        return new ClusterApi(app, baseAddress);
    }

    /// <summary>GET /api/orders with the token; the status code.</summary>
    public async Task<HttpStatusCode> CallAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Calls until the API answers 200 or <paramref name="limit"/> passes; true when it did.</summary>
    public async Task<bool> WaitUntilAcceptedAsync(string token, TimeSpan limit)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < limit)
        {
            if (await CallAsync(token) == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>Calls until the API answers 401 or <paramref name="limit"/> passes; the time it took, or null.</summary>
    public async Task<TimeSpan?> WaitUntilRefusedAsync(string token, TimeSpan limit)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < limit)
        {
            if (await CallAsync(token) == HttpStatusCode.Unauthorized)
            {
                return TimeProvider.System.GetElapsedTime(started);
            }

            await Task.Delay(5);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
