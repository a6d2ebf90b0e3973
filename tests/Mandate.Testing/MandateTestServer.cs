// A real Mandate server on Kestrel at 127.0.0.1 for integration tests (STYLE §8: real HTTP on loopback).
// The issuer must be known before the host starts (it is validated at start and signed into tokens), so
// a free port is reserved by binding port 0 first; the address Kestrel actually bound is then read back
// from IServerAddressesFeature and must match.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Mandate.Admin;
using Mandate.Server;
using Mandate.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Testing;

/// <summary>Starts <c>AddMandateServer</c> + <c>MapMandateServer</c> (with the admin API, <c>MapMandateAdmin</c>) on a loopback Kestrel listener.</summary>
public sealed class MandateTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MandateTestServerOptions _options;
    private readonly bool _ownsDirectory;

    private MandateTestServer(WebApplication app, MandateTestServerOptions options, Uri baseAddress, bool ownsDirectory, string keyEncryptionKey)
    {
        _app = app;
        _options = options;
        _ownsDirectory = ownsDirectory;
        BaseAddress = baseAddress;
        KeyEncryptionKey = keyEncryptionKey;
        HttpClient = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>The owner <see cref="CreateAgentAsync"/> gives agents whose body names none.</summary>
    public const string DefaultOwner = "tests@example.com";

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The issuer: the base address without trailing slash.</summary>
    public string Issuer => BaseAddress.AbsoluteUri.TrimEnd('/');

    /// <summary>The data folder (KEK is configured, so no <c>kek</c> file is written).</summary>
    public string DataDirectory => _options.DataDirectory!;

    /// <summary>The base64url KEK the server runs with; kept across <see cref="RestartAsync"/>.</summary>
    public string KeyEncryptionKey { get; }

    /// <summary>A client whose <see cref="HttpClient.BaseAddress"/> is <see cref="BaseAddress"/>.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The bootstrap admin credentials written at first start.</summary>
    public AdminCredentialsFile Admin => AdminCredentialsFile.Read(DataDirectory);

    /// <summary>Starts a server; <paramref name="options"/> null means in-memory stores in a temp folder.</summary>
    public static Task<MandateTestServer> StartAsync(MandateTestServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartCoreAsync(options ?? new MandateTestServerOptions(), null, cancellationToken);

    /// <summary>Stops this server and starts a new one on the same port, data folder and KEK.</summary>
    public Task<MandateTestServer> RestartAsync(CancellationToken cancellationToken = default) => RestartAsync(null, cancellationToken);

    /// <summary>Stops this server, runs <paramref name="whileStopped"/> (for example to damage a file), then starts a new one
    /// on the same port, data folder and KEK.</summary>
    public async Task<MandateTestServer> RestartAsync(Action? whileStopped, CancellationToken cancellationToken = default)
    {
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        HttpClient.Dispose();
        whileStopped?.Invoke();
        var options = new MandateTestServerOptions
        {
            UseSqlite = _options.UseSqlite,
            DataDirectory = _options.DataDirectory,
            Port = BaseAddress.Port,
            ConfigureServer = _options.ConfigureServer,
            ConfigureServices = _options.ConfigureServices,
        };
        var restarted = await StartCoreAsync(options, KeyEncryptionKey, cancellationToken).ConfigureAwait(false);
        restarted.DeleteDirectoryOnDispose = _ownsDirectory;
        return restarted;
    }

    /// <summary>
    /// Starts a second node of this (SQLite) server: the same data folder and so the same database file, the same
    /// key-encryption key and issuer, its own port, as several <c>mandate serve</c> processes on one data folder would.
    /// </summary>
    /// <param name="configureServer">More server options for the second node.</param>
    /// <param name="configureServices">More service registrations for the second node (a clock, options).</param>
    public Task<MandateTestServer> StartFollowerAsync(Action<MandateServerOptions>? configureServer = null, Action<IServiceCollection>? configureServices = null) =>
        StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            DataDirectory = DataDirectory,
            ConfigureServer = o =>
            {
                o.Issuer = Issuer;
                o.KeyEncryptionKey = KeyEncryptionKey;
                configureServer?.Invoke(o);
            },
            ConfigureServices = configureServices,
        });

    /// <summary>Gets an admin API token with the bootstrap credentials (client_secret_basic).</summary>
    public async Task<string> GetAdminTokenAsync(CancellationToken cancellationToken = default)
    {
        var admin = Admin;
        return await GetTokenAsync(admin.ClientId, admin.ClientSecret, Issuer + "/admin", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets an access token with client_secret_basic; throws with the error body on failure.</summary>
    public async Task<string> GetTokenAsync(string clientId, string clientSecret, string? resource = null, string? scope = null, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (resource is not null)
        {
            form.Add(new("resource", resource));
        }

        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        using var response = await HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Creates an agent through <c>POST /admin/agents</c>; <paramref name="agent"/> is the JSON body (architecture §4).
    /// The owner the server requires is set to <see cref="DefaultOwner"/> when the body has none.</summary>
    public async Task<TestAgent> CreateAgentAsync(object agent, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToNode(agent)!.AsObject();
        if (!payload.ContainsKey("owner"))
        {
            payload["owner"] = DefaultOwner;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/agents") { Content = JsonContent.Create(payload) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetAdminTokenAsync(cancellationToken).ConfigureAwait(false));
        using var response = await HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Agent creation failed: {(int)response.StatusCode} {body}");
        }

        var json = JsonDocument.Parse(body).RootElement.Clone();
        var secret = json.TryGetProperty("client_secret", out var s) ? s.GetString() : null;
        return new TestAgent(json.GetProperty("client_id").GetString()!, secret, json);
    }

    /// <summary>Registers a trusted issuer through <c>POST /admin/trusted-issuers</c>; <paramref name="issuer"/> is the JSON body.</summary>
    public async Task<JsonElement> AddTrustedIssuerAsync(object issuer, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/trusted-issuers") { Content = JsonContent.Create(issuer) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetAdminTokenAsync(cancellationToken).ConfigureAwait(false));
        using var response = await HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Trusted issuer creation failed: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        HttpClient.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (DeleteDirectoryOnDispose)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a pool on another thread; the temp folder is cleaned by the OS.
            }
        }
    }

    private bool DeleteDirectoryOnDispose { get; set; }

    private static async Task<MandateTestServer> StartCoreAsync(MandateTestServerOptions options, string? keyEncryptionKey, CancellationToken cancellationToken)
    {
        var ownsDirectory = options.DataDirectory is null;
        options.DataDirectory ??= Directory.CreateTempSubdirectory("mandate-test-").FullName;
        keyEncryptionKey ??= Mandate.Jose.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        var port = options.Port != 0 ? options.Port : ReserveFreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = options.DataDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseAddress.AbsoluteUri);
        builder.Services.AddMandateServer(server =>
        {
            server.Issuer = baseAddress.AbsoluteUri.TrimEnd('/');
            server.DataDirectory = options.DataDirectory;
            server.KeyEncryptionKey = keyEncryptionKey;
            options.ConfigureServer?.Invoke(server);
        });
        builder.Services.AddMandateAdmin().AddMandateConsole();
        if (options.UseSqlite)
        {
            builder.Services.AddMandateSqliteStorage(Path.Combine(options.DataDirectory, "mandate.db"));
        }

        options.ConfigureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapMandateServer();
        app.MapMandateAdmin();
        app.MapMandateConsole();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        if (!bound.Contains(baseAddress.AbsoluteUri.TrimEnd('/')))
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"Kestrel bound {string.Join(", ", bound)}, expected {baseAddress}.");
        }

        return new MandateTestServer(app, options, baseAddress, ownsDirectory, keyEncryptionKey) { DeleteDirectoryOnDispose = ownsDirectory };
    }

    private static int ReserveFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
