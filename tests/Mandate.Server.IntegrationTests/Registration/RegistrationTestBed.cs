// Shared set-up of the dynamic client registration tests: a Mandate server with registration enabled, initial access
// tokens created through the admin API, and raw RFC 7591/7592 requests so the tests see the wire shape.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mandate.Server.Registration;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.Registration;

internal sealed class RegistrationTestBed : IAsyncDisposable
{
    public const string Api = "https://mcp.example.com/mcp";
    public const string Owner = "mcp-owner@example.com";

    private RegistrationTestBed(MandateTestServer server) => Server = server;

    public MandateTestServer Server { get; }

    public static async Task<RegistrationTestBed> StartAsync(Action<ClientRegistrationOptions>? configure = null, TimeProvider? time = null, bool enabled = true, bool sqlite = false) =>
        new(await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = sqlite,
            ConfigureServices = services =>
            {
                services.Configure<ClientRegistrationOptions>(options =>
                {
                    options.Enabled = enabled;
                    configure?.Invoke(options);
                });
                if (time is not null)
                {
                    services.AddSingleton(time);
                }
            },
        }));

    /// <summary>POST /admin/registration-tokens; returns the status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Server.GetAdminTokenAsync());
        using var response = await Server.HttpClient.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Creates an initial access token and returns its value.</summary>
    public async Task<string> CreateInitialAccessTokenAsync(string scopes = "tools:read tools:write", int? maxUses = null, string? owner = Owner, long expiresInSeconds = 3600, string[]? grantTypes = null)
    {
        var (status, body) = await AdminAsync(HttpMethod.Post, "admin/registration-tokens", new
        {
            scopes = scopes.Split(' '),
            audiences = new[] { Api },
            grant_types = grantTypes,
            owner,
            expires_in_seconds = expiresInSeconds,
            max_uses = maxUses,
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>POST /register with <paramref name="metadata"/> (a JSON object, or raw text) and an optional bearer token.</summary>
    public Task<Reply> RegisterAsync(string? initialAccessToken, object metadata) =>
        SendAsync(HttpMethod.Post, "register", initialAccessToken, metadata);

    /// <summary>GET, PUT or DELETE on a registration_client_uri.</summary>
    public Task<Reply> ManageAsync(HttpMethod method, string clientUri, string? registrationAccessToken, object? metadata = null) =>
        SendAsync(method, clientUri, registrationAccessToken, metadata);

    /// <summary>POST /token with client_secret_basic; returns the status and body.</summary>
    public async Task<Reply> TokenAsync(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["resource"] = Api };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret)));
        using var response = await Server.HttpClient.SendAsync(request);
        return await Reply.ReadAsync(response);
    }

    private async Task<Reply> SendAsync(HttpMethod method, string path, string? bearer, object? metadata)
    {
        using var request = new HttpRequestMessage(method, path);
        if (metadata is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (metadata is not null)
        {
            request.Content = JsonContent.Create(metadata);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await Server.HttpClient.SendAsync(request);
        return await Reply.ReadAsync(response);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>A response: status, the JSON body (default when empty), the challenge and Retry-After.</summary>
    public sealed record Reply(HttpStatusCode Status, JsonElement Body, string? Challenge, string? RetryAfter, string? CacheControl)
    {
        public string? this[string name] => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public static async Task<Reply> ReadAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return new Reply(
                response.StatusCode,
                text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(),
                response.Headers.WwwAuthenticate.ToString() is { Length: > 0 } challenge ? challenge : null,
                response.Headers.RetryAfter?.ToString(),
                response.Headers.CacheControl?.ToString());
        }
    }
}
