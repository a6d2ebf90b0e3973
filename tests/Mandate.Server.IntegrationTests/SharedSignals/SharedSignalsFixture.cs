using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.Server.SharedSignals;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.SharedSignals;

/// <summary>A Mandate server on SQLite with the Shared Signals transmitter and fast push retries, plus raw calls to
/// its stream management API.</summary>
internal static class SharedSignalsFixture
{
    /// <summary>Starts a node; with <paramref name="shareWith"/>, a second node on the same SQLite file, key-encryption key
    /// and issuer.</summary>
    public static Task<MandateTestServer> StartServerAsync(MandateTestServer? shareWith = null) => MandateTestServer.StartAsync(new MandateTestServerOptions
    {
        UseSqlite = true,
        DataDirectory = shareWith?.DataDirectory,
        ConfigureServer = shareWith is null ? null : o =>
        {
            o.Issuer = shareWith.Issuer;
            o.KeyEncryptionKey = shareWith.KeyEncryptionKey;
        },
        ConfigureServices = services => services.AddMandateSharedSignals(o =>
        {
            o.AllowHttpPushEndpointsForDevelopment = true;
            o.AllowLoopbackPushEndpointsForTesting = true;
            o.DeliveryInterval = TimeSpan.FromMilliseconds(100);
            o.PushInitialBackoff = TimeSpan.FromMilliseconds(200);
            o.PushMaxBackoff = TimeSpan.FromMilliseconds(400);
            o.PushTimeout = TimeSpan.FromSeconds(2);
            o.MaxStreamsPerClient = 2;
            o.MinVerificationInterval = TimeSpan.FromSeconds(30);
        }),
    });

    /// <summary>A receiver: an ordinary agent allowed ssf:manage for the audience {issuer}/ssf.</summary>
    public static Task<TestAgent> CreateReceiverAsync(MandateTestServer server, string name = "receiver") => server.CreateAgentAsync(new
    {
        name,
        scopes = new[] { "ssf:manage", "tools:read" },
        audiences = new[] { server.Issuer + "/ssf", "https://api.example.com" },
    });

    public static Task<string> ReceiverTokenAsync(MandateTestServer server, TestAgent receiver) =>
        server.GetTokenAsync(receiver.ClientId, receiver.ClientSecret!, server.Issuer + "/ssf", "ssf:manage");

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        MandateTestServer server, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await server.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    public static async Task<JsonElement> CreateStreamAsync(MandateTestServer server, string token, object delivery, string[]? events = null)
    {
        var (status, body, response) = await SendAsync(server, HttpMethod.Post, "ssf/streams", token, events is null
            ? new { delivery }
            : new { delivery, events_requested = events });
        response.Dispose();
        Assert.Equal(HttpStatusCode.Created, status);
        return body;
    }

    public static async Task<HttpStatusCode> AdminPostAsync(MandateTestServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var response = await server.HttpClient.SendAsync(request);
        return response.StatusCode;
    }

    public static async Task<HttpStatusCode> RevokeAsync(MandateTestServer server, TestAgent owner, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "revoke")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(owner.ClientId + ":" + owner.ClientSecret)));
        using var response = await server.HttpClient.SendAsync(request);
        return response.StatusCode;
    }
}
