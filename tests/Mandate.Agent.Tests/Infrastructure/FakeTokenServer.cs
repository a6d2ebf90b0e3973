using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Agent.Tests.Infrastructure;

/// <summary>How the fake token endpoint fails a request.</summary>
public enum TokenFailure
{
    ServiceUnavailable,
    TooManyRequests,
    ConnectionDrop,
    HtmlBadRequest,
    HtmlBadGateway,
}

/// <summary>One request received by the fake token endpoint.</summary>
public sealed record CapturedTokenRequest(string? Authorization, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 playing a Mandate server (RFC 8414 metadata + RFC 6749 token
/// endpoint) and a protected API (GET /api/tools, POST /api/echo) that answers 401 invalid_token on demand.
/// </summary>
public sealed class FakeTokenServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(TokenFailure Kind, string? RetryAfter)> failures = new();
    private readonly ConcurrentQueue<CapturedTokenRequest> tokenRequests = new();
    private readonly ConcurrentQueue<string?> apiAuthorizations = new();
    private readonly ConcurrentQueue<string> apiBodies = new();
    private readonly ConcurrentDictionary<string, bool> issued = new();
    private int tokenRequestCount;
    private int apiCallCount;
    private int rejectApiCalls;

    private FakeTokenServer(WebApplication app)
    {
        this.app = app;
    }

    public Uri Issuer { get; private set; } = null!;

    public Uri TokenEndpoint => new(Issuer, "/token");

    public string ClientId { get; set; } = "agt_test0001";

    public string ClientSecret { get; set; } = "mnd_Sup3r:Secret+/%value=";

    /// <summary>expires_in of issued tokens, in seconds.</summary>
    public int LifetimeSeconds { get; set; } = 300;

    /// <summary>issued_token_type of token exchange responses (RFC 8693 §2.2.1); <see langword="null"/> omits it.
    /// Any other type than the access token type is answered with token_type N_A.</summary>
    public string? IssuedTokenType { get; set; } = "urn:ietf:params:oauth:token-type:access_token";

    /// <summary>When set, every token request is answered with this RFC 6749 §5.2 error.</summary>
    public string? RejectWith { get; set; }

    /// <summary>When set, every token request fails this way until cleared.</summary>
    public TokenFailure? Outage { get; set; }

    public int TokenRequestCount => Volatile.Read(ref tokenRequestCount);

    public int ApiCallCount => Volatile.Read(ref apiCallCount);

    public IReadOnlyList<CapturedTokenRequest> TokenRequests => tokenRequests.ToArray();

    public IReadOnlyList<string?> ApiAuthorizations => apiAuthorizations.ToArray();

    public IReadOnlyList<string> ApiBodies => apiBodies.ToArray();

    /// <summary>Every access token value issued so far.</summary>
    public IReadOnlyCollection<string> IssuedTokens => issued.Keys.ToArray();

    public void FailNext(int count, TokenFailure kind, string? retryAfter = null)
    {
        for (var i = 0; i < count; i++)
        {
            failures.Enqueue((kind, retryAfter));
        }
    }

    /// <summary>The next <paramref name="count"/> API calls are answered 401 with error="invalid_token".</summary>
    public void RejectNextApiCalls(int count) => Interlocked.Exchange(ref rejectApiCalls, count);

    public static async Task<FakeTokenServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeTokenServer(app);
        app.UseRouting();
        app.MapGet("/.well-known/oauth-authorization-server", server.MetadataAsync);
        app.MapPost("/token", server.TokenAsync);
        app.MapGet("/api/tools", server.ApiAsync);
        app.MapPost("/api/echo", server.ApiAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Issuer = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private Task MetadataAsync(HttpContext context) => WriteJsonAsync(context, 200, new Dictionary<string, object>
    {
        ["issuer"] = Issuer.AbsoluteUri.TrimEnd('/'),
        ["token_endpoint"] = TokenEndpoint.AbsoluteUri,
    });

    private async Task TokenAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref tokenRequestCount);
        var form = (await context.Request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString());
        var authorization = context.Request.Headers.Authorization.ToString();
        tokenRequests.Enqueue(new CapturedTokenRequest(authorization.Length == 0 ? null : authorization, form));

        if (Outage is { } outage)
        {
            await FailAsync(context, outage, null);
            return;
        }

        if (failures.TryDequeue(out var failure))
        {
            await FailAsync(context, failure.Kind, failure.RetryAfter);
            return;
        }

        if (RejectWith is { } error)
        {
            await WriteErrorAsync(context, error == "invalid_client" ? 401 : 400, error);
            return;
        }

        if (!IsAuthenticated(authorization, form))
        {
            await WriteErrorAsync(context, 401, "invalid_client");
            return;
        }

        var token = $"tok_{number}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}";
        issued[token] = true;
        var body = new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = LifetimeSeconds };
        if (form.GetValueOrDefault("grant_type") == "urn:ietf:params:oauth:grant-type:token-exchange" && IssuedTokenType is { } issuedType)
        {
            body["issued_token_type"] = issuedType;
            body["token_type"] = issuedType == "urn:ietf:params:oauth:token-type:access_token" ? "Bearer" : "N_A";
        }

        if (form.TryGetValue("scope", out var scope))
        {
            body["scope"] = scope;
        }

        context.Response.Headers.CacheControl = "no-store";
        await WriteJsonAsync(context, 200, body);
    }

    private bool IsAuthenticated(string authorization, Dictionary<string, string> form)
    {
        if (form.ContainsKey("client_assertion"))
        {
            return true; // the private_key_jwt tests verify the captured assertion themselves
        }

        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        // RFC 6749 §2.3.1: base64, then split on the first ':', then form-urldecode each half.
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && WebUtility.UrlDecode(decoded[..colon]) == ClientId
            && WebUtility.UrlDecode(decoded[(colon + 1)..]) == ClientSecret;
    }

    private async Task ApiAsync(HttpContext context)
    {
        Interlocked.Increment(ref apiCallCount);
        apiAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        if (HttpMethods.IsPost(context.Request.Method))
        {
            apiBodies.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync());
        }

        var value = context.Request.Headers.Authorization.ToString();
        var known = value.StartsWith("Bearer ", StringComparison.Ordinal) && issued.ContainsKey(value["Bearer ".Length..]);
        if (!known || Interlocked.Decrement(ref rejectApiCalls) >= 0)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"";
            return;
        }

        await WriteJsonAsync(context, 200, new Dictionary<string, object> { ["tools"] = new[] { "search" } });
    }

    private static async Task FailAsync(HttpContext context, TokenFailure kind, string? retryAfter)
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        switch (kind)
        {
            case TokenFailure.ServiceUnavailable:
                await WriteErrorAsync(context, 503, "temporarily_unavailable");
                break;
            case TokenFailure.TooManyRequests:
                context.Response.StatusCode = 429;
                break;
            case TokenFailure.ConnectionDrop:
                context.Abort();
                break;
            case TokenFailure.HtmlBadRequest or TokenFailure.HtmlBadGateway:
                context.Response.StatusCode = kind == TokenFailure.HtmlBadRequest ? 400 : 502;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>{ not json");
                break;
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error) => WriteJsonAsync(context, status, new Dictionary<string, object>
    {
        ["error"] = error,
        ["error_description"] = $"The request was rejected ({error}).",
    });

    private static async Task WriteJsonAsync(HttpContext context, int status, Dictionary<string, object> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
