using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Mandate.ResourceServer;
using Mandate.ResourceServer.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests.Revocation;

/// <summary>A loopback API like samples/Mandate.Samples.Api: AddMandateBearer with the revocation feed, GET /api/tools.
/// Every backchannel request path is recorded, so tests can assert that no introspection call was made.</summary>
internal sealed class FeedApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeedApiHost(WebApplication app, Uri baseAddress, ConcurrentQueue<string> backchannelPaths)
    {
        _app = app;
        BackchannelPaths = backchannelPaths;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public ConcurrentQueue<string> BackchannelPaths { get; }

    public static async Task<FeedApiHost> StartAsync(string issuer, Mandate.Testing.TestAgent? introspector = null, Action<MandateBearerOptions>? configure = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var paths = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseAddress.AbsoluteUri);
        builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(options =>
        {
            options.Issuer = issuer;
            options.Audience = RevocationClient.Api;
            options.AllowHttpIssuer = true;
            options.UseRevocationFeed = true;
            options.JwksRefreshCooldown = TimeSpan.FromSeconds(1);
            options.IntrospectionClientId = introspector?.ClientId;
            options.IntrospectionClientSecret = introspector?.ClientSecret;
            options.BackchannelHttpHandler = new RecordingHandler(paths) { InnerHandler = new SocketsHttpHandler() };
            configure?.Invoke(options);
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/tools", (HttpContext context) => Results.Ok(new { agent = context.GetMandateToken()!.AgentId })).RequireScope("tools:read");
        app.MapPost("/api/deploy", (HttpContext context) => Results.Ok(new { deployed = true })).RequireScope("tools:read").RequireIntrospection();
        await app.StartAsync();
        return new FeedApiHost(app, baseAddress, paths);
    }

    /// <summary>POST /api/deploy (requires introspection) with the token; the status code.</summary>
    public async Task<HttpStatusCode> DeployAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/deploy");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>GET /api/tools with the token; the status code.</summary>
    public async Task<HttpStatusCode> CallAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/tools");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
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

            await Task.Yield();
        }

        return false;
    }

    /// <summary>Calls until the API answers 401 or <paramref name="limit"/> passes; returns the time it took, or null.</summary>
    public async Task<TimeSpan?> WaitUntilRefusedAsync(string token, TimeSpan limit, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var started = clock.GetTimestamp();
        while (clock.GetElapsedTime(started) < limit)
        {
            if (await CallAsync(token) == HttpStatusCode.Unauthorized)
            {
                return clock.GetElapsedTime(started);
            }

            await Task.Yield();
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class RecordingHandler(ConcurrentQueue<string> paths) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
