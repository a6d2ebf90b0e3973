// RFC 7591 §2 client metadata and §3.2.2 errors: what this server (no authorization endpoint, confidential clients
// only) accepts, refuses and ignores.
using System.Net;
using System.Text.Json.Nodes;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Registration;

public sealed class ClientMetadataValidationTests : IAsyncLifetime
{
    private RegistrationTestBed _bed = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _bed = await RegistrationTestBed.StartAsync();
        _token = await _bed.CreateInitialAccessTokenAsync(grantTypes: ["client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"]);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    public static TheoryData<string, string, string> Refused => new()
    {
        { "redirect_uris (no authorization endpoint)", """{"redirect_uris":["https://client.example/cb"]}""", "MND3400:" },
        { "grant_types authorization_code", """{"grant_types":["authorization_code"]}""", "MND3400:" },
        { "response_types code", """{"response_types":["code"]}""", "MND3400:" },
        { "an unsupported grant type", """{"grant_types":["password"]}""", "MND3401:" },
        { "token_endpoint_auth_method none (public client)", """{"token_endpoint_auth_method":"none"}""", "MND3402:" },
        { "an unknown token_endpoint_auth_method", """{"token_endpoint_auth_method":"tls_client_auth"}""", "MND3403:" },
        { "private_key_jwt without jwks", """{"token_endpoint_auth_method":"private_key_jwt"}""", "MND3404:" },
        { "jwks_uri", """{"token_endpoint_auth_method":"private_key_jwt","jwks_uri":"https://client.example/jwks"}""", "MND3405:" },
        { "jwks with a secret method", """{"jwks":{"keys":[]}}""", "MND3406:" },
        { "a scope that is not a scope token", """{"scope":"tools:read \"quoted\""}""", "MND3407:" },
        { "an empty scope", """{"scope":""}""", "MND3407:" },
        { "a control character in client_name", """{"client_name":"bad\u0007name"}""", "MND3409:" },
        { "more than 10 contacts", """{"contacts":["1","2","3","4","5","6","7","8","9","10","11"]}""", "MND3409:" },
        { "a JSON array body", """[]""", "MND3410:" },
        { "a wrongly typed member", """{"grant_types":"client_credentials"}""", "MND3410:" },
        { "not JSON", """client_name=x""", "MND3410:" },
        { "a private_key_jwt key set with a private key", """{"token_endpoint_auth_method":"private_key_jwt","jwks":{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}}""", "MND3420:" },
    };

    [Theory(DisplayName = "RFC 7591 §3.2.2: invalid_client_metadata for")]
    [MemberData(nameof(Refused))]
    public async Task Register_RefusedMetadata_IsInvalidClientMetadata(string why, string body, string id)
    {
        var reply = await _bed.RegisterAsync(_token, body);

        Assert.True(reply.Status == HttpStatusCode.BadRequest, why);
        Assert.Equal("invalid_client_metadata", reply["error"]);
        Assert.StartsWith(id, reply["error_description"]);
    }

    [Fact(DisplayName = "RFC 7591 §2: unknown metadata fields are ignored, and an empty redirect_uris array is no redirect")]
    public async Task Register_UnknownFields_AreIgnored()
    {
        var reply = await _bed.RegisterAsync(_token, """{"client_name":"x","logo_uri":"https://client.example/logo.png","software_statement":"eyJ...","redirect_uris":[],"x-vendor":{"a":1}}""");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.False(reply.Body.TryGetProperty("logo_uri", out _));
        Assert.False(reply.Body.TryGetProperty("x-vendor", out _));
    }

    [Fact(DisplayName = "RFC 7591 §3.2.1: omitted grant_types are replaced with client_credentials (no authorization_code here), and the response says so")]
    public async Task Register_OmittedGrantTypes_BecomeClientCredentials()
    {
        var reply = await _bed.RegisterAsync(_token, new { client_name = "x" });

        Assert.Equal(["client_credentials"], reply.Body.GetProperty("grant_types").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact(DisplayName = "RFC 7591 §2: without an owner in the token's policy, the first contact is the owner; with neither the request is refused")]
    public async Task Register_Owner_FromContactsOrRefused()
    {
        var token = await _bed.CreateInitialAccessTokenAsync(owner: null);

        var withContact = await _bed.RegisterAsync(token, new { contacts = new[] { "dev@example.com", "ops@example.com" } });
        var without = await _bed.RegisterAsync(token, new { client_name = "x" });

        Assert.Equal("dev@example.com", withContact["owner"]);
        Assert.Equal(["dev@example.com", "ops@example.com"], withContact.Body.GetProperty("contacts").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("MND3408:", without["error_description"]);
    }

    [Fact(DisplayName = "RFC 7591 §2 / RFC 7523 §2.2: a private_key_jwt client registers its jwks, gets no secret, and authenticates with a signed assertion")]
    public async Task Register_PrivateKeyJwt_AuthenticatesWithAssertion()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        var metadata = new JsonObject
        {
            ["client_name"] = "keyed agent",
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["grant_types"] = new JsonArray("client_credentials"),
            ["scope"] = "tools:read",
            ["jwks"] = JsonNode.Parse(ClientAssertions.Jwks(key)),
        };

        var reply = await _bed.RegisterAsync(_token, metadata.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Null(reply["client_secret"]);
        Assert.False(reply.Body.TryGetProperty("client_secret_expires_at", out _));
        Assert.Equal("private_key_jwt", reply["token_endpoint_auth_method"]);
        var clientId = reply["client_id"]!;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = ClientAssertions.Type,
            ["client_assertion"] = ClientAssertions.Create(key, clientId, _bed.Server.Issuer, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)),
            ["scope"] = "tools:read",
            ["resource"] = RegistrationTestBed.Api,
        });
        using var token = await _bed.Server.HttpClient.PostAsync("token", form);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
