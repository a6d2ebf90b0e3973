// The wire shapes of architecture §3 over real HTTP (Kestrel on 127.0.0.1, SQLite in a temp folder),
// asserted with a raw HttpClient.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class WireShapeTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;
    private TestAgent _agent = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        _agent = await _server.CreateAgentAsync(new { name = "billing-bot", scopes = new[] { "invoices:read" }, default_scopes = new[] { "invoices:read" }, audiences = new[] { "https://api.example.com" } });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private HttpClient Http => _server.HttpClient;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private HttpRequestMessage TokenRequest(string body, string contentType = "application/x-www-form-urlencoded")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_agent.ClientId + ":" + _agent.ClientSecret)));
        return request;
    }

    [Fact(DisplayName = "RFC 8414 §3: both metadata documents are identical and list exactly what is supported")]
    public async Task Metadata_IsExact()
    {
        var oauth = await Http.GetStringAsync(".well-known/oauth-authorization-server");
        var oidc = await Http.GetStringAsync(".well-known/openid-configuration");
        Assert.Equal(oauth, oidc);

        var json = JsonDocument.Parse(oauth).RootElement;
        Assert.Equal(_server.Issuer, json.GetProperty("issuer").GetString());
        Assert.Equal(_server.Issuer + "/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal(_server.Issuer + "/jwks", json.GetProperty("jwks_uri").GetString());
        Assert.Equal(
            new[] { "client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange", "refresh_token" }.Order(),
            json.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(
            new[] { "client_secret_basic", "client_secret_post", "private_key_jwt" }.Order(),
            json.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.DoesNotContain("none", json.GetProperty("token_endpoint_auth_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.False(json.TryGetProperty("response_types_supported", out _));
    }

    [Fact(DisplayName = "RFC 8414 §3.2 / RFC 6749 §5.1: the server's own discovery document and token response read back through Mandate.Protocol's types")]
    public async Task DiscoveryAndTokenResponse_RoundTripThroughTheProtocolReaders()
    {
        var metadata = Mandate.Protocol.Metadata.AuthorizationServerMetadata.Parse(
            await Http.GetByteArrayAsync(Mandate.Protocol.Metadata.AuthorizationServerMetadataNames.WellKnownPath.TrimStart('/')));
        Assert.NotNull(metadata);
        Assert.Equal(_server.Issuer, metadata.Issuer);
        Assert.Equal(new Uri(_server.BaseAddress, "token"), Mandate.Protocol.Metadata.AuthorizationServerMetadata.AbsoluteUri(metadata.TokenEndpoint));
        Assert.Equal(new Uri(_server.BaseAddress, "jwks"), Mandate.Protocol.Metadata.AuthorizationServerMetadata.AbsoluteUri(metadata.JwksUri));
        Assert.Equal(new Uri(_server.BaseAddress, "revoke"), Mandate.Protocol.Metadata.AuthorizationServerMetadata.AbsoluteUri(metadata.RevocationEndpoint));
        Assert.Equal(new Uri(_server.BaseAddress, "introspect"), Mandate.Protocol.Metadata.AuthorizationServerMetadata.AbsoluteUri(metadata.IntrospectionEndpoint));
        Assert.Contains("client_credentials", metadata.GrantTypesSupported!);

        using var response = await Http.SendAsync(TokenRequest("grant_type=client_credentials"));
        var token = Mandate.Protocol.TokenEndpointResponse.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(token);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(300, token.ExpiresIn);
        Assert.Equal("invoices:read", token.Scope);
        Assert.Equal(3, token.AccessToken!.Split('.').Length);

        using var refused = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new StringContent("grant_type=client_credentials", Encoding.UTF8, "application/x-www-form-urlencoded") };
        refused.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_agent.ClientId + ":wrong")));
        using var error = await Http.SendAsync(refused);
        var parsed = Mandate.Protocol.TokenEndpointResponse.Parse(await error.Content.ReadAsByteArrayAsync());
        Assert.Equal("invalid_client", parsed?.Error);
        Assert.Null(parsed?.AccessToken);
    }

    [Fact(DisplayName = "RFC 7517 §5: /jwks serves public keys with a short max-age")]
    public async Task Jwks_IsPublic()
    {
        using var response = await Http.GetAsync("jwks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl!.MaxAge);
        var key = Assert.Single((await JsonAsync(response)).GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Fact(DisplayName = "RFC 6749 §5.1: POST /token returns a Bearer token with no-store")]
    public async Task Token_Succeeds()
    {
        using var response = await Http.SendAsync(TokenRequest("grant_type=client_credentials"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Contains("no-cache", response.Headers.Pragma.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = await JsonAsync(response);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(300, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("invoices:read", json.GetProperty("scope").GetString());
        Assert.Equal(3, json.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: unknown client gets 401 invalid_client with WWW-Authenticate Basic")]
    public async Task UnknownClient_Is401()
    {
        using var request = TokenRequest("grant_type=client_credentials");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("agt_nobody:secret"u8.ToArray()));
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("invalid_client", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact(DisplayName = "GET /token is 405 with an RFC 6749 error object and Allow: POST")]
    public async Task GetToken_Is405()
    {
        using var response = await Http.GetAsync("token");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal("invalid_request", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory(DisplayName = "Bad input over HTTP is a 400 error object, never a 5xx")]
    [InlineData("grant_type=client_credentials&scope=%ZZ", "application/x-www-form-urlencoded")]
    [InlineData("{\"grant_type\":\"client_credentials\"}", "application/json")]
    [InlineData("grant_type=client_credentials&grant_type=client_credentials", "application/x-www-form-urlencoded")]
    public async Task BadInput_Is400(string body, string contentType)
    {
        using var response = await Http.SendAsync(TokenRequest(body, contentType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
        Assert.True(json.TryGetProperty("error_description", out _));
    }

    [Fact(DisplayName = "A 1 MiB body is refused with 400 invalid_request")]
    public async Task HugeBody_Is400()
    {
        using var response = await Http.SendAsync(TokenRequest("grant_type=client_credentials&x=" + new string('a', 1024 * 1024)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact(DisplayName = "A chunked body over the limit is refused with 400 invalid_request")]
    public async Task HugeChunkedBody_Is400()
    {
        using var request = TokenRequest("");
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("grant_type=client_credentials&x=" + new string('a', 64 * 1024))));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        request.Content = content;
        request.Headers.TransferEncodingChunked = true;
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
