using Mandate.ResourceServer.Dpop;
// The API under test: a real Kestrel app on 127.0.0.1:0 using AddMandateBearer, with the endpoints of the sample
// plus a few that echo what the handler produced. Every rejection reason (JoseErrorCode) is recorded through
// OnAuthenticationFailed, so tests assert the exact check that fired while the wire shows only invalid_token.
using System.Net.Http.Headers;
using Mandate.Jose;
using Mandate.Jose.Jws;
using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

using Mandate.ResourceServer.ModelContextProtocol;

namespace Mandate.ResourceServer.Tests.Infrastructure;

public sealed class ProtectedApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JoseErrorCode> _failures = [];

    private ProtectedApi(WebApplication app, FakeTimeProvider time, string baseAddress)
    {
        _app = app;
        Time = time;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = new Uri(baseAddress) };
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public string BaseAddress { get; }

    public HttpClient Client { get; }

    public string MetadataUrl => BaseAddress + "/.well-known/oauth-protected-resource";

    /// <summary>Validation failure reasons seen so far, in order.</summary>
    public IReadOnlyList<JoseErrorCode> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task<ProtectedApi> StartAsync(string issuer, Action<MandateBearerOptions>? configure = null, FakeTimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        time ??= new FakeTimeProvider(Start);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        List<JoseErrorCode>? failures = null;
        builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(options =>
        {
            options.Issuer = issuer;
            options.Audience = TestTokens.Audience;
            options.AllowHttpIssuer = true;
            options.TimeProvider = time;
            options.ResourceMetadata.ScopesSupported.Add("tools:read");
            options.ResourceMetadata.ScopesSupported.Add("tools:write");
            options.Events.OnAuthenticationFailed = context =>
            {
                lock (failures!)
                {
                    failures.Add(context.ValidationError);
                }

                return Task.CompletedTask;
            };
            configure?.Invoke(options);
        });
        builder.Services.AddAuthorization(options => options.AddPolicy("admin", policy => policy.RequireScope("tools:admin")));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMandateMcpScopes();
        MapEndpoints(app);
        await app.StartAsync();
        var api = new ProtectedApi(app, time, app.Urls.Single().TrimEnd('/'));
        failures = api._failures;
        return api;
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/api/tools", (HttpContext context) => Results.Ok(new
        {
            claims = context.User.Claims.Select(c => new[] { c.Type, c.Value, c.ValueType }),
            name = context.User.Identity?.Name,
            token = context.GetMandateToken(),
        })).RequireScope("tools:read");
        app.MapPost("/api/tools/run", () => Results.Ok()).RequireScope("tools:write");
        app.MapGet("/api/admin", () => Results.Ok()).RequireAuthorization("admin");
        app.MapGet("/health", () => Results.Ok()).AllowAnonymous();
        app.MapGet("/api/dpop-only", () => Results.Ok()).RequireScope("tools:read").RequireDPoP();
        // An MCP-shaped endpoint that echoes the JSON-RPC body it receives (McpScopeTests).
        app.MapPost("/mcp", async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var text = await reader.ReadToEndAsync();
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(text);
            })
            .RequireMandateMcpScopes(s => s
                .RequireScopeForMethod("tools/call", "tools:read")
                .RequireScopeForTool("deploy", "tools:write", "tools:deploy"));
        app.MapMandateProtectedResourceMetadata();
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, params string[] authorization)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var value in authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
