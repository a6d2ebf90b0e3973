// RFC 9396 Rich Authorization Requests over real HTTP (Kestrel on 127.0.0.1, SQLite): per-agent types through the
// admin API, authorization_details at /token for client_credentials, token exchange and refresh, the claim, the
// response echo (§7), invalid_authorization_details (§5), discovery (§10), and a resource server deciding on it.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mandate.Jose;
using Mandate.ResourceServer;
using Mandate.ResourceServer.Authorization;
using Mandate.Server.AuthorizationDetails;
using Mandate.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class AuthorizationDetailsHttpTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private const string ProdTask = """[{"type":"agent_task","task_id":"t-1","mode":"autonomous","environment":"prod"}]""";

    private MandateTestServer _server = null!;
    private TestAgent _orchestrator = null!;
    private TestAgent _subAgent = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = services => services.Configure<AuthorizationDetailsOptions>(o => o.TypesSupported = ["agent_task", "payment"]),
        });
        string[] grants = ["client_credentials", TokenExchange, "refresh_token"];
        _subAgent = await _server.CreateAgentAsync(new { name = "sub-agent", scopes = new[] { "tools:read" }, audiences = new[] { Api }, grant_types = grants });
        _orchestrator = await _server.CreateAgentAsync(new { name = "orchestrator", scopes = new[] { "tools:read" }, audiences = new[] { Api, "urn:mandate:agent:" + _subAgent.ClientId } });
        foreach (var agent in new[] { _orchestrator, _subAgent })
        {
            using var response = await PutTypesAsync(agent.ClientId, """{"types":[{"type":"agent_task","fields":["task_id","mode","environment"],"allowed_values":{"environment":["prod","staging"]}}]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "Admin API: PUT then GET the agent's types; an unsupported type is 400, an unknown agent 404")]
    public async Task AdminApi_RoundTrip_AndRefusals()
    {
        using var get = await AdminAsync(HttpMethod.Get, $"admin/agents/{_subAgent.ClientId}/authorization-details-types", null);
        var types = (await get.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("types");
        var only = Assert.Single(types.EnumerateArray());
        Assert.Equal("agent_task", only.GetProperty("type").GetString());
        Assert.Equal(["task_id", "mode", "environment"], only.GetProperty("fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["prod", "staging"], only.GetProperty("allowed_values").GetProperty("environment").EnumerateArray().Select(e => e.GetString()));

        using var unsupported = await PutTypesAsync(_subAgent.ClientId, """{"types":[{"type":"other","fields":["a"]}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
        using var unknown = await PutTypesAsync("agt_nobody", """{"types":[]}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact(DisplayName = "RFC 9396 §7, §9.1, §10: client_credentials with authorization_details - claim, response echo, introspection, metadata")]
    public async Task ClientCredentials_CarriesDetails()
    {
        var (status, body) = await PostAsync(_subAgent, ("grant_type", "client_credentials"), ("scope", "tools:read"), ("authorization_details", ProdTask));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("prod", body.GetProperty("authorization_details")[0].GetProperty("environment").GetString());
        var token = body.GetProperty("access_token").GetString()!;
        var claim = Claims(token).GetProperty("authorization_details");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(ProdTask).RootElement, claim));
        var introspection = await Revocation.RevocationClient.IntrospectAsync(_server, _subAgent, token);
        Assert.True(JsonElement.DeepEquals(claim, introspection.GetProperty("authorization_details")));

        var metadata = await _server.HttpClient.GetFromJsonAsync<JsonElement>(".well-known/oauth-authorization-server");
        Assert.Equal(["agent_task", "payment"], metadata.GetProperty("authorization_details_types_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory(DisplayName = "RFC 9396 §5: malformed, unregistered or disallowed authorization_details are invalid_authorization_details (400, never 5xx)")]
    [InlineData("[{")]
    [InlineData("not json")]
    [InlineData("""{"type":"agent_task"}""")]
    [InlineData("[]")]
    [InlineData("[42]")]
    [InlineData("""[{"task_id":"t-1"}]""")]
    [InlineData("""[{"type":"payment","amount":"5"}]""")]
    [InlineData("""[{"type":"agent_task","budget":"100"}]""")]
    [InlineData("""[{"type":"agent_task","environment":"dev"}]""")]
    [InlineData("""[{"type":"agent_task","environment":["prod"]}]""")]
    [InlineData("""[{"type":"agent_task","task_id":"a","task_id":"b"}]""")]
    public async Task BadDetails_AreInvalidAuthorizationDetails(string details)
    {
        var (status, body) = await PostAsync(_subAgent, ("grant_type", "client_credentials"), ("scope", "tools:read"), ("authorization_details", details));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_authorization_details", body.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 9396 + RFC 8693: exchange keeps the subject token's details, may drop fields, never add or change one")]
    public async Task Exchange_KeepsOrNarrows()
    {
        var subject = await SubjectTokenAsync(ProdTask);

        var (kept, keptBody) = await ExchangeAsync(subject, null);
        Assert.Equal(HttpStatusCode.OK, kept);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(ProdTask).RootElement, Claims(keptBody.GetProperty("access_token").GetString()!).GetProperty("authorization_details")));

        var (narrowed, narrowedBody) = await ExchangeAsync(subject, """[{"type":"agent_task","task_id":"t-1","environment":"prod"}]""");
        Assert.Equal(HttpStatusCode.OK, narrowed);
        Assert.False(Claims(narrowedBody.GetProperty("access_token").GetString()!).GetProperty("authorization_details")[0].TryGetProperty("mode", out _));

        var (changed, changedBody) = await ExchangeAsync(subject, """[{"type":"agent_task","task_id":"t-1","environment":"staging"}]""");
        Assert.Equal(HttpStatusCode.BadRequest, changed);
        Assert.Equal("invalid_authorization_details", changedBody.GetProperty("error").GetString());

        var plain = await SubjectTokenAsync(null);
        var (added, addedBody) = await ExchangeAsync(plain, """[{"type":"agent_task","task_id":"t-1"}]""");
        Assert.Equal(HttpStatusCode.BadRequest, added);
        Assert.Equal("invalid_authorization_details", addedBody.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 9396 + RFC 6749 §6: refresh keeps the family's details, may narrow them, never widen")]
    public async Task Refresh_KeepsOrNarrows()
    {
        var (_, exchanged) = await ExchangeAsync(await SubjectTokenAsync(ProdTask), null);
        var refresh = exchanged.GetProperty("refresh_token").GetString()!;

        var (narrowed, body) = await PostAsync(_subAgent, ("grant_type", "refresh_token"), ("refresh_token", refresh),
            ("authorization_details", """[{"type":"agent_task","task_id":"t-1"}]"""));
        Assert.Equal(HttpStatusCode.OK, narrowed);
        Assert.Equal("""[{"type":"agent_task","task_id":"t-1"}]""", Claims(body.GetProperty("access_token").GetString()!).GetProperty("authorization_details").GetRawText());

        // The family keeps the original details: a later refresh without the parameter gets them all back.
        var next = body.GetProperty("refresh_token").GetString()!;
        var (wider, error) = await PostAsync(_subAgent, ("grant_type", "refresh_token"), ("refresh_token", next),
            ("authorization_details", """[{"type":"agent_task","task_id":"t-2"}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, wider);
        Assert.Equal("invalid_authorization_details", error.GetProperty("error").GetString());
        var (kept, keptBody) = await PostAsync(_subAgent, ("grant_type", "refresh_token"), ("refresh_token", next));
        Assert.Equal(HttpStatusCode.OK, kept);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(ProdTask).RootElement, Claims(keptBody.GetProperty("access_token").GetString()!).GetProperty("authorization_details")));
    }

    [Fact(DisplayName = "Mandate.ResourceServer: RequireAuthorizationDetail(\"agent_task\", d => d[\"environment\"] == \"prod\") admits a prod token, refuses staging and none")]
    public async Task ResourceServer_DecidesOnDetails()
    {
        await using var api = await DetailsApi.StartAsync(_server.Issuer);
        var prod = await TokenAsync(ProdTask);
        var staging = await TokenAsync("""[{"type":"agent_task","task_id":"t-1","environment":"staging"}]""");
        var none = await TokenAsync(null);

        using var prodResponse = await api.DeployAsync(prod);
        Assert.Equal(HttpStatusCode.OK, prodResponse.StatusCode);
        Assert.Equal("t-1", (await prodResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("task").GetString());
        using var stagingResponse = await api.DeployAsync(staging);
        Assert.Equal(HttpStatusCode.Forbidden, stagingResponse.StatusCode);
        using var noneResponse = await api.DeployAsync(none);
        Assert.Equal(HttpStatusCode.Forbidden, noneResponse.StatusCode);
    }

    private async Task<string> TokenAsync(string? details)
    {
        var form = new List<(string, string)> { ("grant_type", "client_credentials"), ("scope", "tools:read"), ("resource", Api) };
        if (details is not null)
        {
            form.Add(("authorization_details", details));
        }

        var (status, body) = await PostAsync(_orchestrator, [.. form]);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("access_token").GetString()!;
    }

    private async Task<string> SubjectTokenAsync(string? details)
    {
        var form = new List<(string, string)> { ("grant_type", "client_credentials"), ("scope", "tools:read"), ("resource", "urn:mandate:agent:" + _subAgent.ClientId) };
        if (details is not null)
        {
            form.Add(("authorization_details", details));
        }

        var (status, body) = await PostAsync(_orchestrator, [.. form]);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("access_token").GetString()!;
    }

    private Task<(HttpStatusCode Status, JsonElement Json)> ExchangeAsync(string subject, string? details) =>
        details is null
            ? PostAsync(_subAgent, ("grant_type", TokenExchange), ("subject_token", subject), ("subject_token_type", AccessTokenType), ("resource", Api))
            : PostAsync(_subAgent, ("grant_type", TokenExchange), ("subject_token", subject), ("subject_token_type", AccessTokenType), ("resource", Api), ("authorization_details", details));

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(TestAgent client, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Name, p.Value))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + client.ClientSecret)));
        using var response = await _server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private Task<HttpResponseMessage> PutTypesAsync(string agentId, string json) =>
        AdminAsync(HttpMethod.Put, $"admin/agents/{agentId}/authorization-details-types", json);

    private async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync());
        return await _server.HttpClient.SendAsync(request);
    }

    private static JsonElement Claims(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    /// <summary>A loopback API whose POST /api/deploy requires an agent_task detail for prod.</summary>
    private sealed class DetailsApi : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _client;

        private DetailsApi(WebApplication app, Uri baseAddress)
        {
            _app = app;
            _client = new HttpClient { BaseAddress = baseAddress };
        }

        public static async Task<DetailsApi> StartAsync(string issuer)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(baseAddress.AbsoluteUri);
            builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(options =>
            {
                options.Issuer = issuer;
                options.Audience = Api;
                options.AllowHttpIssuer = true;
            });
            builder.Services.AddAuthorization();
            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapPost("/api/deploy", (HttpContext context) => Results.Ok(new { task = context.GetMandateToken()!.GetAuthorizationDetails("agent_task").First()["task_id"] }))
                .RequireScope("tools:read")
                .RequireAuthorizationDetail("agent_task", d => d["environment"] == "prod");
            await app.StartAsync();
            return new DetailsApi(app, baseAddress);
        }

        public async Task<HttpResponseMessage> DeployAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/deploy");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await _client.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
