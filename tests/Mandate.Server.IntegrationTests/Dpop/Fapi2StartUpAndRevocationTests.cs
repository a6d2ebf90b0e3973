// The FAPI 2.0 profile's start-up checks of the algorithms (MND1451, MND1452) and /revoke under the profile, over real
// HTTP (Kestrel on 127.0.0.1, SQLite).
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Server.Dpop;
using Mandate.Server.Fapi2;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.Dpop;

public sealed class Fapi2StartUpAndRevocationTests : IDisposable
{
    private const string Api = "https://api.example.test";
    private readonly SigningKey _clientKey = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly SigningKey _proofKey = SigningKey.Generate(SignatureAlgorithm.ES256);

    public void Dispose()
    {
        _clientKey.Dispose();
        _proofKey.Dispose();
    }

    [Fact(DisplayName = "FAPI 2.0 §5.4.1: with Dpop:SigningAlgorithms holding neither ES256 nor PS256 the profile refuses to start (MND1451)")]
    public async Task DpopAlgorithmsWithoutEs256OrPs256_RefuseToStart()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services =>
            {
                services.Configure<Fapi2Options>(o => o.Enabled = true);
                services.Configure<DpopOptions>(o => o.SigningAlgorithms = ["ES384"]);
            },
        }));
        Assert.Contains("MND1451", failure.Message);
    }

    [Fact(DisplayName = "FAPI 2.0 §5.4.1: a stored active ES384 signing key makes the profile refuse to start (MND1452)")]
    public async Task StoredEs384ActiveKey_RefusesToStart()
    {
        var directory = Directory.CreateTempSubdirectory("mandate-fapi2-").FullName;
        try
        {
            var profile = false;
            var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
            {
                UseSqlite = true,
                DataDirectory = directory,
                ConfigureServices = services => services.Configure<Fapi2Options>(o => o.Enabled = profile),
            });
            using var es384 = SigningKey.Generate(SignatureAlgorithm.ES384);
            using (var request = new HttpRequestMessage(HttpMethod.Post, "admin/keys")
            {
                Content = new StringContent("{\"jwk\":" + es384.ExportPrivateJwk().ToJson() + ",\"activate\":true}", Encoding.UTF8, "application/json"),
            })
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
                using var response = await server.HttpClient.SendAsync(request);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            profile = true;
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => server.RestartAsync());
            Assert.Contains("MND1452", failure.Message);
            Assert.Contains("ES384", failure.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact(DisplayName = "FAPI 2.0 §5.3.2.1 item 6: /revoke refuses a client_secret agent (MND3552) and revokes for a private_key_jwt agent")]
    public async Task Revoke_UnderTheProfile()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = services => services.Configure<Fapi2Options>(o => o.Enabled = true),
        });
        var secretAgent = await server.CreateAgentAsync(new { name = "secret-bot", scopes = new[] { "tools:read" }, audiences = new[] { Api } });
        using (var request = new HttpRequestMessage(HttpMethod.Post, "revoke") { Content = new FormUrlEncodedContent([new("token", "x")]) })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(secretAgent.ClientId + ":" + secretAgent.ClientSecret)));
            using var response = await server.HttpClient.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("MND3552:", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_description").GetString());
        }

        var agent = await server.CreateAgentAsync(new
        {
            name = "fapi-bot",
            scopes = new[] { "tools:read" },
            default_scopes = new[] { "tools:read" },
            audiences = new[] { Api },
            jwks = JsonDocument.Parse(ClientAssertions.Jwks(_clientKey)).RootElement,
        });
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), .. Assertion(server, agent)]) };
        tokenRequest.Headers.TryAddWithoutValidation("DPoP", new DpopProofWriter(_proofKey).Create("POST", new Uri(server.Issuer + "/token"), DateTimeOffset.UtcNow));
        using var tokenResponse = await server.HttpClient.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;

        using var revoke = await server.HttpClient.PostAsync("revoke", new FormUrlEncodedContent([new("token", token), .. Assertion(server, agent)]));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var introspect = await server.HttpClient.PostAsync("introspect", new FormUrlEncodedContent([new("token", token), .. Assertion(server, agent)]));
        Assert.Equal(HttpStatusCode.OK, introspect.StatusCode);
        Assert.False(JsonDocument.Parse(await introspect.Content.ReadAsStringAsync()).RootElement.GetProperty("active").GetBoolean());
    }

    private KeyValuePair<string, string>[] Assertion(MandateTestServer server, TestAgent agent) =>
    [
        new("client_assertion_type", ClientAssertions.Type),
        new("client_assertion", ClientAssertions.Create(_clientKey, agent.ClientId, server.Issuer, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1))),
    ];
}
