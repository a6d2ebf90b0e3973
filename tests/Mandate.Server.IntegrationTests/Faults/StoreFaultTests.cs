using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mandate.Storage.Sqlite;
using Mandate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests.Faults;

/// <summary>
/// Store faults on a real SQLite file behind Kestrel: a write lock held by another connection past the busy timeout,
/// a damaged audit page, a client that sends half a body. Each is answered the way clients and load balancers expect
/// (503 + Retry-After, RFC 9110 §10.2.3 and §15.6.4), with one log line and nothing half-done.
/// </summary>
public sealed class StoreFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromMilliseconds(200);

    private readonly CapturingLoggerProvider _logs = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("mandate-faults-").FullName;
    private MandateTestServer _server = null!;

    private string DatabasePath => Path.Combine(_dataDirectory, "mandate.db");

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync(new MandateTestServerOptions
    {
        UseSqlite = true,
        DataDirectory = _dataDirectory,
        ConfigureServer = options => options.ReadinessWriteProbeInterval = TimeSpan.FromSeconds(1),
        ConfigureServices = services =>
        {
            services.AddMandateSqliteStorage(DatabasePath, BusyTimeout);
            services.AddSingleton<ILoggerProvider>(_logs);
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        },
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact(DisplayName = "RFC 9110 §15.6.4: /revoke answers 503 + Retry-After within the busy timeout when the store is locked, and revokes nothing")]
    public async Task Revoke_StoreLocked_503AndNothingRevoked()
    {
        var agent = await CreateAgentAsync();
        var token = await _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://api.example.test");

        HttpResponseMessage revoke;
        var elapsed = Stopwatch.StartNew();
        await using (await HoldWriteLockAsync())
        {
            revoke = await PostFormAsync("revoke", agent, ("token", token));
        }

        elapsed.Stop();
        await AssertUnavailableAsync(revoke, "MND3450");
        // Bounded lock waits: the busy timeout (rounded up to a second by Microsoft.Data.Sqlite) plus slack.
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(4), $"waited {elapsed.Elapsed}");

        using var introspect = await PostFormAsync("introspect", agent, ("token", token));
        using var json = JsonDocument.Parse(await introspect.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("active").GetBoolean());
    }

    [Fact(DisplayName = "RFC 9110 §15.6.4: an admin write answers 503 + Retry-After when the store is locked, logs one line without a stack trace, and changes nothing")]
    public async Task AdminSuspend_StoreLocked_503OneLogLineNothingChanged()
    {
        var agent = await CreateAgentAsync();
        var adminToken = await _server.GetAdminTokenAsync();

        HttpResponseMessage suspend;
        await using (await HoldWriteLockAsync())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"admin/agents/{agent.ClientId}/suspend");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            suspend = await _server.HttpClient.SendAsync(request);
        }

        await AssertUnavailableAsync(suspend, "MND3450");
        var lines = _logs.Entries.Where(e => e.EventId.Id == 7500).ToList();
        Assert.Single(lines);
        Assert.Contains("/suspend", lines[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("   at ", StringComparison.Ordinal));

        using var show = new HttpRequestMessage(HttpMethod.Get, $"admin/agents/{agent.ClientId}");
        show.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var shown = await _server.HttpClient.SendAsync(show);
        using var json = JsonDocument.Parse(await shown.Content.ReadAsStringAsync());
        Assert.Equal("active", json.RootElement.GetProperty("status").GetString());
    }

    [Fact(DisplayName = "/readyz goes unhealthy (503 + Retry-After) while the store cannot be written, and healthy again after")]
    public async Task Readyz_WriteLockHeld_UnhealthyThenHealthy()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.HttpClient.GetAsync("readyz")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // past ReadinessWriteProbeInterval, so the next probe writes

        HttpResponseMessage locked;
        await using (await HoldWriteLockAsync())
        {
            locked = await _server.HttpClient.GetAsync("readyz");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7504);

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal(HttpStatusCode.OK, (await _server.HttpClient.GetAsync("readyz")).StatusCode);
    }

    [Fact(DisplayName = "A damaged audit page: GET /admin/audit answers 503 MND3451 (not 500) and /readyz reports not ready")]
    public async Task CorruptAuditPage_AdminAudit503AndNotReady()
    {
        var agent = await CreateAgentAsync();
        for (var i = 0; i < 300; i++)
        {
            await _server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, "https://api.example.test");
        }

        var adminToken = await _server.GetAdminTokenAsync();
        _server = await _server.RestartAsync(() => CorruptRootPageOf("audit_records"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/audit?limit=50");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var audit = await _server.HttpClient.SendAsync(request);
        await AssertUnavailableAsync(audit, "MND3451");
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7501);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _server.HttpClient.GetAsync("readyz")).StatusCode);
    }

    [Fact(DisplayName = "A client that closes the connection mid-body is not an unhandled exception")]
    public async Task AbortedBody_NoUnhandledException()
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, _server.BaseAddress.Port);
            var stream = client.GetStream();
            var head = "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\ngrant_type=client_cred";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
            await Task.Delay(100);
        }

        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        while (!_logs.Entries.Any(e => e.EventId.Id is 7502 or 7503) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(_logs.Entries.Any(e => e.EventId.Id is 7502 or 7503), string.Join("\n", _logs.Entries.Select(e => $"{e.Category} {e.EventId} {e.Text}")));
        // Not "An unhandled exception was thrown by the application", and no Mandate line carrying an exception. (Kestrel
        // itself may still log "Connection processing ended abnormally" when it ends a connection whose body was cut
        // short; that line is Kestrel's, not an application error.)
        var failures = _logs.Entries.Where(e => e.EventId.Name == "ApplicationError"
            || e.Text.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase)
            || (e.Category.StartsWith("Mandate", StringComparison.Ordinal) && e.Text.Contains("Exception:", StringComparison.Ordinal))).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", _logs.Entries.Select(e => $"{e.Category} {e.EventId} {e.Text}")));
    }

    private async Task<TestAgent> CreateAgentAsync() => await _server.CreateAgentAsync(new
    {
        name = "fault-test-" + Guid.NewGuid().ToString("N")[..8],
        scopes = new[] { "read" },
        default_scopes = new[] { "read" },
        audiences = new[] { "https://api.example.test" },
    });

    private async Task<HttpResponseMessage> PostFormAsync(string path, TestAgent agent, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(agent.ClientId) + ":" + Uri.EscapeDataString(agent.ClientSecret!))));
        return await _server.HttpClient.SendAsync(request);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string errorId)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {body}");
        Assert.NotNull(response.Headers.RetryAfter);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("temporarily_unavailable", json.RootElement.GetProperty("error").GetString());
        Assert.StartsWith(errorId + ":", json.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Another connection takes SQLite's write lock (BEGIN IMMEDIATE) and holds it until disposed.</summary>
    private async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        return connection;
    }

    /// <summary>Overwrites the root page of <paramref name="table"/>'s b-tree with garbage (the server is stopped).</summary>
    private void CorruptRootPageOf(string table)
    {
        long rootPage;
        long pageSize;
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
            using var root = connection.CreateCommand();
            root.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = $name;";
            root.Parameters.AddWithValue("$name", table);
            rootPage = (long)root.ExecuteScalar()!;
            using var size = connection.CreateCommand();
            size.CommandText = "PRAGMA page_size;";
            pageSize = (long)size.ExecuteScalar()!;
        }

        SqliteConnection.ClearAllPools();
        using var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.ReadWrite);
        file.Position = (rootPage - 1) * pageSize;
        var garbage = new byte[pageSize];
        Array.Fill(garbage, (byte)0xA5);
        file.Write(garbage);
    }
}
