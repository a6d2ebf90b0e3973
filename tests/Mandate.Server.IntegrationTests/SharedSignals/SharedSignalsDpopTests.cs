// The Shared Signals API with DPoP-bound receiver tokens (RFC 9449 §7) over real HTTP (Kestrel on 127.0.0.1, SQLite):
// with the FAPI 2.0 profile on, receivers' tokens are DPoP-bound and the API takes nothing else; with it off, Bearer
// tokens keep working and DPoP-bound ones are accepted too.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Server.Fapi2;
using Mandate.Server.SharedSignals;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsDpopTests : IDisposable
{
    private readonly SigningKey _clientKey = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly SigningKey _proofKey = SigningKey.Generate(SignatureAlgorithm.ES256);

    public void Dispose()
    {
        _clientKey.Dispose();
        _proofKey.Dispose();
    }

    private static Task<MandateTestServer> StartAsync(bool fapi2) => MandateTestServer.StartAsync(new MandateTestServerOptions
    {
        UseSqlite = true,
        ConfigureServices = services =>
        {
            services.AddMandateSharedSignals();
            services.Configure<Fapi2Options>(o => o.Enabled = fapi2);
        },
    });

    [Fact(DisplayName = "RFC 9449 §7.1 / FAPI 2.0 §5.3.4: under the profile a receiver with a DPoP key creates a poll stream and polls it")]
    public async Task Fapi2_DpopReceiver_CreatesAndPolls()
    {
        await using var server = await StartAsync(fapi2: true);
        var token = await DpopTokenAsync(server, await ReceiverAsync(server));

        var (status, stream, _) = await SendAsync(server, HttpMethod.Post, "ssf/streams", token, new { delivery = new { method = "urn:ietf:rfc:8936" } });
        Assert.Equal(HttpStatusCode.Created, status);
        var pollUrl = stream.GetProperty("delivery").GetProperty("endpoint_url").GetString()!;
        var api = await server.CreateAgentAsync(new { name = "api-bot", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" } });
        Assert.Equal(HttpStatusCode.OK, await SharedSignalsFixture.AdminPostAsync(server, $"admin/agents/{api.ClientId}/rotate-secret"));

        var (pollStatus, polled, _) = await SendAsync(server, HttpMethod.Post, pollUrl[(server.Issuer.Length + 1)..], token, new { returnImmediately = true });
        Assert.Equal(HttpStatusCode.OK, pollStatus);
        Assert.Single(polled.GetProperty("sets").EnumerateObject());
    }

    [Fact(DisplayName = "RFC 9449 §7.1: under the profile a Bearer token is refused with the DPoP challenge (MND2674)")]
    public async Task Fapi2_Bearer_RefusedWithDpopChallenge()
    {
        await using var server = await StartAsync(fapi2: true);
        var token = await DpopTokenAsync(server, await ReceiverAsync(server));

        var (status, body, challenge) = await SendAsync(server, HttpMethod.Get, "ssf/streams", token, proof: false);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("MND2674:", body.GetProperty("error_description").GetString());
        Assert.Equal("DPoP realm=\"mandate\", error=\"invalid_token\", algs=\"ES256 PS256\"", challenge);

        (status, _, challenge) = await SendAsync(server, HttpMethod.Get, "ssf/streams", token: null, proof: false);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("DPoP ", challenge, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RFC 9449 §7.1 / §11.1: a proof for another URL, another key, or replayed is invalid_dpop_proof")]
    public async Task Fapi2_BadProofs_AreInvalidDpopProof()
    {
        await using var server = await StartAsync(fapi2: true);
        var token = await DpopTokenAsync(server, await ReceiverAsync(server));

        var wrongUrl = new DpopProofWriter(_proofKey).Create("GET", new Uri(server.Issuer + "/ssf/status"), DateTimeOffset.UtcNow, token);
        Assert.StartsWith("MND2658:", (await SendAsync(server, HttpMethod.Get, "ssf/streams", token, proofText: wrongUrl)).Body.GetProperty("error_description").GetString());

        using var otherKey = SigningKey.Generate(SignatureAlgorithm.ES256);
        var wrongKey = new DpopProofWriter(otherKey).Create("GET", new Uri(server.Issuer + "/ssf/streams"), DateTimeOffset.UtcNow, token);
        Assert.StartsWith("MND2672:", (await SendAsync(server, HttpMethod.Get, "ssf/streams", token, proofText: wrongKey)).Body.GetProperty("error_description").GetString());

        var once = new DpopProofWriter(_proofKey).Create("GET", new Uri(server.Issuer + "/ssf/streams"), DateTimeOffset.UtcNow, token);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "ssf/streams", token, proofText: once)).Status);
        var (status, body, challenge) = await SendAsync(server, HttpMethod.Get, "ssf/streams", token, proofText: once);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
        Assert.StartsWith("MND2661:", body.GetProperty("error_description").GetString());
        Assert.Contains("algs=\"ES256 PS256\"", challenge, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "Without the profile: Bearer still works, and a DPoP-bound token works with the DPoP scheme and a proof")]
    public async Task NoProfile_BearerAndDpopBothWork()
    {
        await using var server = await StartAsync(fapi2: false);
        var bearer = await SharedSignalsFixture.ReceiverTokenAsync(server, await SharedSignalsFixture.CreateReceiverAsync(server, "bearer-receiver"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "ssf/streams", bearer, proof: false)).Status);

        var bound = await DpopTokenAsync(server, await ReceiverAsync(server));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "ssf/streams", bound)).Status);

        // RFC 9449 §7.2: the bound token as a bearer token is still refused.
        var (status, body, _) = await SendAsync(server, HttpMethod.Get, "ssf/streams", bound, proof: false);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("MND3500:", body.GetProperty("error_description").GetString());
    }

    private Task<TestAgent> ReceiverAsync(MandateTestServer server) => server.CreateAgentAsync(new
    {
        name = "receiver",
        scopes = new[] { "ssf:manage" },
        audiences = new[] { server.Issuer + "/ssf" },
        jwks = JsonDocument.Parse(ClientAssertions.Jwks(_clientKey)).RootElement,
    });

    /// <summary>private_key_jwt plus a DPoP proof at /token: a DPoP-bound token for {issuer}/ssf.</summary>
    private async Task<string> DpopTokenAsync(MandateTestServer server, TestAgent receiver)
    {
        var assertion = ClientAssertions.Create(_clientKey, receiver.ClientId, server.Issuer, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_assertion_type", ClientAssertions.Type),
                new("client_assertion", assertion),
                new("resource", server.Issuer + "/ssf"),
                new("scope", "ssf:manage"),
            ]),
        };
        request.Headers.TryAddWithoutValidation("DPoP", new DpopProofWriter(_proofKey).Create("POST", new Uri(server.Issuer + "/token"), DateTimeOffset.UtcNow));
        using var response = await server.HttpClient.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("DPoP", body.GetProperty("token_type").GetString());
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Calls the API with the token: with the DPoP scheme and a fresh proof (or <paramref name="proofText"/>),
    /// or, with <paramref name="proof"/> false, as a Bearer token.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body, string? Challenge)> SendAsync(
        MandateTestServer server, HttpMethod method, string path, string? token, object? body = null, bool proof = true, string? proofText = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null && proof)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
            request.Headers.TryAddWithoutValidation("DPoP", proofText ?? new DpopProofWriter(_proofKey).Create(method.Method, new Uri(server.Issuer + "/" + path), DateTimeOffset.UtcNow, token));
        }
        else if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await server.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response.Headers.WwwAuthenticate.ToString() is { Length: > 0 } challenge ? challenge : null);
    }
}
