using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mandate.Server.Anomaly;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests.Anomaly;

/// <summary>A real Mandate server (Kestrel on 127.0.0.1, SQLite) with anomaly options, captured logs and raw admin/token calls.</summary>
internal sealed class AnomalyServer : IAsyncDisposable
{
    private AnomalyServer(MandateTestServer server, CapturingLoggerProvider logs)
    {
        Server = server;
        Logs = logs;
    }

    public MandateTestServer Server { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<AnomalyServer> StartAsync(Action<AnomalyOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var logs = new CapturingLoggerProvider();
        var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = s =>
            {
                s.AddSingleton<ILoggerProvider>(logs);
                s.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Trace);
                s.Configure<AnomalyOptions>(o => configure?.Invoke(o));
                services?.Invoke(s);
            },
        });
        return new AnomalyServer(server, logs);
    }

    public Task<TestAgent> CreateAgentAsync() =>
        Server.CreateAgentAsync(new { name = "bot", owner = "team@example.com", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });

    /// <summary>POST /token with client_secret_basic; returns the status and the JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(string clientId, string secret, string scope = "tools:read")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", scope), new("resource", "https://api.example.com")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        using var response = await Server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Server.GetAdminTokenAsync());
        using var response = await Server.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>GET /admin/audit?{query}: the records.</summary>
    public async Task<List<JsonElement>> AuditAsync(string query)
    {
        var (status, page) = await AdminAsync(HttpMethod.Get, "admin/audit?" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. page.GetProperty("records").EnumerateArray()];
    }

    /// <summary>Polls the audit log until <paramref name="predicate"/> holds for some record (alerts are raised after the commit, off the request path).</summary>
    public async Task<JsonElement> WaitForAuditAsync(string query, Func<JsonElement, bool> predicate)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var match = (await AuditAsync(query)).FirstOrDefault(predicate);
            if (match.ValueKind != JsonValueKind.Undefined)
            {
                return match;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for an audit record matching " + query);
            await Task.Delay(50);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
