// "Bad input gets a clear error, never a 5xx": text that is not valid Unicode (raw bytes that are not UTF-8 inside a
// base64url JOSE segment, or a JSON escape of a lone surrogate) reaches every parser that takes a token or JSON from
// outside. RFC 7515 §5.2 step 4 and RFC 7519 §7.2 step 10 require UTF-8 JSON; System.Text.Json only notices when a
// string is read, with InvalidOperationException. Each entry point here answered 500 before; now each refuses with its
// usual OAuth error, over real HTTP against a SQLite-backed server.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mandate.Jose;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class MalformedUnicodeTests : IAsyncLifetime
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private MandateTestServer _server = null!;
    private TestAgent _agent = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        _agent = await _server.CreateAgentAsync(new
        {
            name = "bot", owner = "team@example.com", scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.com" },
            grant_types = new[] { "client_credentials", TokenExchange },
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> NotUnicode => new() { "raw", "lone-surrogate" };

    [Theory]
    [MemberData(nameof(NotUnicode))]
    public async Task TokenParsers_RefuseWithTheirOAuthError(string kind)
    {
        string token = Token(kind);
        var clientAssertion = await PostFormAsync("token", null,
            ("grant_type", "client_credentials"), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", token));
        var subjectToken = await PostFormAsync("token", _agent, ("grant_type", TokenExchange), ("subject_token", token), ("subject_token_type", AccessTokenType));
        var introspected = await PostFormAsync("introspect", _agent, ("token", token));
        var revoked = await PostFormAsync("revoke", _agent, ("token", token));
        using var admin = new HttpRequestMessage(HttpMethod.Get, "admin/agents");
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var adminResponse = await _server.HttpClient.SendAsync(admin);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), clientAssertion);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), subjectToken);
        Assert.Equal((HttpStatusCode.OK, null), introspected);                     // RFC 7662 §2.2: {"active":false}
        Assert.Equal(HttpStatusCode.OK, revoked.Status);                           // RFC 7009 §2.2: invalid tokens are not an error
        Assert.Equal(HttpStatusCode.Unauthorized, adminResponse.StatusCode);
    }

    [Fact]
    public async Task JsonParameters_RefuseALoneSurrogate()
    {
        var details = await PostFormAsync("token", _agent,
            ("grant_type", "client_credentials"), ("scope", "tools:read"), ("authorization_details", "[{\"type\":\"\\ud800\"}]"));
        using var key = new HttpRequestMessage(HttpMethod.Post, "admin/keys")
        {
            Content = new StringContent("{\"jwk\":{\"kty\":\"EC\",\"crv\":\"\\ud800\"}}", Encoding.UTF8, "application/json"),
        };
        key.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync());
        using var keyResponse = await _server.HttpClient.SendAsync(key);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_authorization_details"), details);
        Assert.Equal(HttpStatusCode.BadRequest, keyResponse.StatusCode);
        Assert.Contains("invalid_request", await keyResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // A compact JWS whose header kid and payload sub are not Unicode; the signature is junk (it is never reached).
    private static string Token(string kind)
    {
        byte[] text = kind == "raw" ? [0xC3, 0x28] : "\\ud800"u8.ToArray();
        byte[] header = [.. "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\""u8, .. text, .. "\"}"u8];
        byte[] payload = [.. "{\"iss\":\"https://x.example\",\"sub\":\""u8, .. text, .. "\",\"aud\":\"y\",\"exp\":4102444800}"u8];
        return Base64Url.Encode(header) + "." + Base64Url.Encode(payload) + "." + Base64Url.Encode(new byte[64]);
    }

    private async Task<(HttpStatusCode Status, string? Error)> PostFormAsync(string path, TestAgent? client, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        if (client is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + client.ClientSecret)));
        }

        using var response = await _server.HttpClient.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        string? error = body.Length == 0 ? null : System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        return (response.StatusCode, error);
    }
}
