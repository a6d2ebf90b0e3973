// Interoperability with independent implementations:
//  - ASP.NET Core JwtBearer (Microsoft.IdentityModel) discovers the issuer through
//    /.well-known/openid-configuration, fetches /jwks and accepts a Mandate RFC 9068 token in a second
//    loopback Kestrel app - and rejects a tampered one.
//  - Duende.IdentityModel discovers the server (RFC 8414 metadata, http allowed on loopback only) and
//    gets a token with client_credentials.
using System.Net;
using System.Net.Http.Headers;
using Duende.IdentityModel.Client;
using Mandate.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests;

public sealed class InteropTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";

    private MandateTestServer _server = null!;
    private TestAgent _agent = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        _agent = await _server.CreateAgentAsync(new { name = "interop", scopes = new[] { "orders:read", "orders:write" }, default_scopes = new[] { "orders:read" }, audiences = new[] { Api } });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "Interop: ASP.NET Core JwtBearer accepts a Mandate token and rejects a tampered one")]
    public async Task JwtBearer_AcceptsToken()
    {
        await using var api = await StartResourceServerAsync(_server.Issuer);
        using var client = new HttpClient { BaseAddress = api.Address };
        var token = await _server.GetTokenAsync(_agent.ClientId, _agent.ClientSecret!, Api, "orders:read orders:write");

        using var ok = await CallAsync(client, token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal($"{_agent.ClientId}|orders:read orders:write", await ok.Content.ReadAsStringAsync());

        var parts = token.Split('.');
        var payload = parts[1].ToCharArray();
        payload[10] = payload[10] == 'a' ? 'b' : 'a';
        using var tampered = await CallAsync(client, parts[0] + "." + new string(payload) + "." + parts[2]);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);

        using var none = await CallAsync(client, null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact(DisplayName = "Interop: JwtBearer rejects a Mandate token minted for another audience")]
    public async Task JwtBearer_RejectsOtherAudience()
    {
        await using var api = await StartResourceServerAsync(_server.Issuer);
        using var client = new HttpClient { BaseAddress = api.Address };
        using var response = await CallAsync(client, await _server.GetAdminTokenAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(DisplayName = "Interop: Duende.IdentityModel discovers the server and gets a client_credentials token")]
    public async Task Duende_DiscoversAndGetsToken()
    {
        using var http = new HttpClient();
        var disco = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = _server.Issuer,
            // Duende requires https except on loopback; the Mandate test server runs on 127.0.0.1.
            Policy = new DiscoveryPolicy { RequireHttps = true, AllowHttpOnLoopback = true },
        });
        Assert.False(disco.IsError, disco.Error);
        Assert.Equal(_server.Issuer + "/token", disco.TokenEndpoint);
        Assert.Equal(_server.Issuer, disco.Issuer);
        Assert.NotEmpty(disco.KeySet!.Keys);

        var response = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = _agent.ClientId,
            ClientSecret = _agent.ClientSecret,
            Scope = "orders:write",
            Resource = { Api },
        });
        Assert.False(response.IsError, response.Error + " " + response.ErrorDescription);
        Assert.Equal("Bearer", response.TokenType);
        Assert.Equal(300, response.ExpiresIn);
        Assert.Equal("orders:write", response.Scope);

        var post = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = _agent.ClientId,
            ClientSecret = _agent.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
        });
        Assert.False(post.IsError, post.Error);

        var denied = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = _agent.ClientId,
            ClientSecret = _agent.ClientSecret,
            Scope = "orders:delete",
        });
        Assert.True(denied.IsError);
        Assert.Equal("invalid_scope", denied.Error);
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "orders");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }

    private static async Task<ResourceServer> StartResourceServerAsync(string issuer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = issuer;
            options.RequireHttpsMetadata = false;
            options.MapInboundClaims = false;
            options.TokenValidationParameters.ValidAudience = Api;
            options.TokenValidationParameters.ValidTypes = ["at+jwt"];
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/orders", (HttpContext context) => context.User.FindFirst("sub")!.Value + "|" + context.User.FindFirst("scope")!.Value).RequireAuthorization();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ResourceServer(app, new Uri(address + "/"));
    }

    private sealed record ResourceServer(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
