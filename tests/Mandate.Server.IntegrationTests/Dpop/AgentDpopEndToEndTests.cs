// RFC 9449 end to end with real parts: the Mandate server (Kestrel, SQLite), an API using Mandate.ResourceServer with
// RequireDPoP and API nonces, and an agent built with Mandate.Agent (UseDpop). A copy of the token without the key
// is refused at the API and as an actor_token at the token endpoint.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Mandate.Agent;
using Mandate.ResourceServer;
using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Dpop;
using Mandate.Server.Dpop;
using Mandate.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.IntegrationTests.Dpop;

public sealed class AgentDpopEndToEndTests
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "RFC 9449 §5, §7.1, §8, §9: an SDK agent with UseDpop gets a bound token (server nonce) and calls a RequireDPoP API (API nonce); the stolen token is refused")]
    public async Task SdkAgent_CallsDpopApi()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = s => s.Configure<DpopOptions>(o => o.RequireNonce = true),
        });
        var agent = await server.CreateAgentAsync(new { name = "dpop-agent", scopes = new[] { "tools:read" }, default_scopes = new[] { "tools:read" }, audiences = new[] { Audience }, dpop = "required",
            grant_types = new[] { "client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange" } });
        await using var api = await StartApiAsync(server.Issuer);

        var services = new ServiceCollection();
        services.AddMandateTokenClient(o =>
        {
            o.Issuer = new Uri(server.Issuer);
            o.ClientId = agent.ClientId;
            o.ClientSecret = agent.ClientSecret;
            o.UseDpop = true;
        });
        services.AddHttpClient("api", c => c.BaseAddress = api.Address).AddMandateAccessToken(o => o.Scope = "tools:read");
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        Assert.Equal("bound", await http.GetStringAsync("api/tools"));
        Assert.Equal("bound", await http.GetStringAsync("api/tools"));

        // The token the agent holds, copied without its key: refused as Bearer (§7.2) and as DPoP without a proof.
        var tokenClient = provider.GetRequiredService<MandateTokenClient>();
        var stolen = (await tokenClient.GetTokenAsync(new TokenRequestParameters { Scope = "tools:read" })).Value;
        Assert.Equal(tokenClient.DpopKeyThumbprint, DpopTokenClient.Payload(stolen).GetProperty("cnf").GetProperty("jkt").GetString());
        using var thief = new HttpClient { BaseAddress = api.Address };
        foreach (var scheme in new[] { "Bearer", "DPoP" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/tools");
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, stolen);
            using var response = await thief.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // ... and as an actor_token at the token endpoint, with a proof made by another key (§6.1, every hop bound).
        using var thiefKey = Mandate.Jose.Jws.SigningKey.Generate(Mandate.Jose.Algorithms.SignatureAlgorithm.ES256);
        var thiefWriter = new Mandate.Jose.Dpop.DpopProofWriter(thiefKey);
        KeyValuePair<string, string>[] exchange =
        [
            new("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            new("subject_token", stolen),
            new("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
            new("actor_token", stolen),
            new("actor_token_type", "urn:ietf:params:oauth:token-type:access_token"),
        ];
        var (challenge, _) = await DpopTokenClient.RequestAsync(server, agent, exchange, DpopTokenClient.Proof(server, thiefWriter));
        var nonce = Assert.Single(challenge.Headers.GetValues("DPoP-Nonce"));
        var (refused, body) = await DpopTokenClient.RequestAsync(server, agent, exchange, DpopTokenClient.Proof(server, thiefWriter, nonce));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2665:", body.GetProperty("error_description").GetString());
    }

    private static async Task<Api> StartApiAsync(string issuer)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address.AbsoluteUri);
        builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(o =>
        {
            o.Issuer = issuer;
            o.Audience = Audience;
            o.AllowHttpIssuer = true;
            o.Dpop.RequireNonce = true;
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/tools", (HttpContext c) => c.GetMandateToken()!.ConfirmationThumbprint is null ? "bearer" : "bound").RequireScope("tools:read").RequireDPoP();
        await app.StartAsync();
        return new Api(app, address);
    }

    private sealed record Api(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
