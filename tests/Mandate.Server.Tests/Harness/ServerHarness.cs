using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.Server;
using Mandate.Server.Agents;
using Mandate.Server.Audit;
using Mandate.Server.Endpoints;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.Tests.Harness;

/// <summary>
/// The server's DI container with in-memory stores and a FakeTimeProvider; requests run through the real
/// endpoint classes on a DefaultHttpContext (no sockets), so each test is fast and deterministic.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string Issuer = "https://auth.example.com";
    public const string Api = "https://api.example.com";

    private ServerHarness(ServiceProvider services, FakeTimeProvider time, string dataDirectory)
    {
        Services = services;
        Time = time;
        DataDirectory = dataDirectory;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public string DataDirectory { get; }

    public AgentService Agents => Services.GetRequiredService<AgentService>();

    /// <summary>The audit store the group-commit writer appends to.</summary>
    public IAuditStore AuditStore => Services.GetRequiredService<IAuditStore>();

    public static async Task<ServerHarness> CreateAsync(Action<MandateServerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var directory = Directory.CreateTempSubdirectory("mandate-unit-").FullName;
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddMandateServer(options =>
        {
            options.Issuer = Issuer;
            options.DataDirectory = directory;
            options.KeyEncryptionKey = Mandate.Jose.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
            configure?.Invoke(options);
        });
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // The token endpoint and the initializer (bootstrap admin, first key) await audit commits, so the
        // group-commit writer loop must run first, as in AddMandateServer's hosted-service order.
        await provider.GetRequiredService<GroupCommitAuditSink>().StartAsync(CancellationToken.None);
        await provider.GetRequiredService<MandateServerInitializer>().InitializeAsync(CancellationToken.None);
        return new ServerHarness(provider, time, directory);
    }

    /// <summary>Registers an agent through the same service the admin API uses.</summary>
    public async Task<(Agent Agent, string? Secret)> CreateAgentAsync(AgentRegistration? registration = null)
    {
        // The server requires an owner; registrations that name none get the default one.
        registration = registration is null ? DefaultRegistration() : registration with { Owner = registration.Owner ?? DefaultRegistration().Owner };
        var outcome = await Agents.CreateAsync(registration, CancellationToken.None);
        Assert.Null(outcome.Error);
        return (outcome.Agent!, outcome.ClientSecret);
    }

    public static AgentRegistration DefaultRegistration() => new()
    {
        Name = "billing-bot",
        Owner = "alice@example.com",
        Scopes = ["invoices:read", "invoices:write"],
        DefaultScopes = ["invoices:read"],
        Audiences = [Api],
    };

    /// <summary>POSTs a form to the token endpoint.</summary>
    public Task<HttpResult> PostTokenAsync(string body, string? authorization = null, string contentType = "application/x-www-form-urlencoded", string method = "POST") =>
        SendAsync(Encoding.UTF8.GetBytes(body), authorization, contentType, method);

    public async Task<HttpResult> SendAsync(byte[] body, string? authorization, string? contentType, string method = "POST", Action<HttpContext>? prepare = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("auth.example.com");
        context.Request.Path = "/token";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        prepare?.Invoke(context);
        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        await Services.GetRequiredService<TokenEndpoint>().HandleAsync(context);
        await context.Response.Body.FlushAsync();
        return HttpResult.From(context.Response, responseBody.ToArray());
    }

    public static string Form(params (string Name, string Value)[] pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>RFC 6749 §2.3.1: form-urlencode id and secret, then Basic.</summary>
    public static string Basic(string clientId, string secret) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(FormEncode(clientId) + ":" + FormEncode(secret)));

    public static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+");

    public async ValueTask DisposeAsync()
    {
        await Services.GetRequiredService<GroupCommitAuditSink>().StopAsync(CancellationToken.None);
        var dispose = Services.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        await dispose;
    }
}

/// <summary>A captured response.</summary>
internal sealed record HttpResult(int StatusCode, IHeaderDictionary Headers, JsonElement Json, byte[] Body)
{
    public string? Error => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("error", out var e) ? e.GetString() : null;

    public string? Description => Json.TryGetProperty("error_description", out var d) ? d.GetString() : null;

    public string AccessToken => Json.GetProperty("access_token").GetString()!;

    public static HttpResult From(HttpResponse response, byte[] body)
    {
        var json = body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default;
        return new HttpResult(response.StatusCode, response.Headers, json, body);
    }
}
