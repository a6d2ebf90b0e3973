// POST /register (RFC 7591 §3) with and without initial access tokens: closed by default, the token's expiry, use
// count, revocation and policy, the client information response, and the registered client getting a token.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.Server.Registration;
using Mandate.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.Registration;

public sealed class ClientRegistrationTests
{
    private static readonly object Metadata = new { client_name = "weather agent", scope = "tools:read", software_id = "weather-mcp", software_version = "1.2.0", contacts = new[] { "dev@example.com" } };

    [Fact(DisplayName = "RFC 8414 §2: registration_endpoint is advertised only when registration is enabled; disabled, /register does not exist")]
    public async Task Metadata_AdvertisesRegistrationOnlyWhenEnabled()
    {
        await using var closed = await RegistrationTestBed.StartAsync(enabled: false);
        await using var open = await RegistrationTestBed.StartAsync();

        var closedMetadata = await closed.Server.HttpClient.GetFromJsonAsync<JsonElement>(".well-known/oauth-authorization-server");
        var openMetadata = await open.Server.HttpClient.GetFromJsonAsync<JsonElement>(".well-known/oauth-authorization-server");

        Assert.False(closedMetadata.TryGetProperty("registration_endpoint", out _));
        Assert.Equal(open.Server.Issuer + "/register", openMetadata.GetProperty("registration_endpoint").GetString());
        var refused = await closed.RegisterAsync(null, Metadata);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }

    [Fact(DisplayName = "RFC 7591 §3: without an initial access token registration is refused with 401 and an RFC 6750 Bearer challenge")]
    public async Task Register_WithoutToken_Is401()
    {
        await using var bed = await RegistrationTestBed.StartAsync();

        var reply = await bed.RegisterAsync(null, Metadata);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("invalid_token", reply["error"]);
        Assert.StartsWith("Bearer", reply.Challenge);
    }

    [Fact(DisplayName = "RFC 7591 §3: a forged or malformed initial access token is refused with 401 invalid_token")]
    public async Task Register_WrongToken_Is401()
    {
        await using var bed = await RegistrationTestBed.StartAsync();
        var real = await bed.CreateInitialAccessTokenAsync();

        foreach (var forged in new[] { real[..^2] + "AA", "mit_" + new string('a', 26) + ".x", "not-a-token" })
        {
            var reply = await bed.RegisterAsync(forged, Metadata);
            Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
            Assert.StartsWith("MND3412:", reply["error_description"]);
            Assert.Contains("error=\"invalid_token\"", reply.Challenge);
        }
    }

    [Fact(DisplayName = "RFC 7591 §3.2.1: the client information response carries client_id, the secret, client_secret_expires_at and the RFC 7592 registration fields; the client then gets a token")]
    public async Task Register_ReturnsClientInformation_AndTheClientGetsAToken()
    {
        await using var bed = await RegistrationTestBed.StartAsync(sqlite: true);
        var token = await bed.CreateInitialAccessTokenAsync();

        var reply = await bed.RegisterAsync(token, Metadata);

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("no-store", reply.CacheControl);
        var clientId = reply["client_id"]!;
        Assert.StartsWith("agt_", clientId);
        Assert.StartsWith("mnd_", reply["client_secret"]);
        Assert.True(reply.Body.GetProperty("client_secret_expires_at").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.True(reply.Body.GetProperty("client_id_issued_at").GetInt64() > 0);
        Assert.StartsWith("mra_", reply["registration_access_token"]);
        Assert.Equal(bed.Server.Issuer + "/register/" + clientId, reply["registration_client_uri"]);
        Assert.Equal("weather agent", reply["client_name"]);
        Assert.Equal("tools:read", reply["scope"]);
        Assert.Equal("client_secret_basic", reply["token_endpoint_auth_method"]);
        Assert.Equal(["client_credentials"], reply.Body.GetProperty("grant_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("weather-mcp", reply["software_id"]);
        Assert.Equal("1.2.0", reply["software_version"]);
        Assert.Equal(RegistrationTestBed.Owner, reply["owner"]);

        var issued = await bed.TokenAsync(clientId, reply["client_secret"]!, "tools:read");
        Assert.Equal(HttpStatusCode.OK, issued.Status);
        var beyond = await bed.TokenAsync(clientId, reply["client_secret"]!, "tools:write");
        Assert.Equal("invalid_scope", beyond["error"]);

        // The registered client is an agent like any other: listed by the admin API with its owner and policy.
        var (_, agent) = await bed.AdminAsync(HttpMethod.Get, "admin/agents/" + clientId);
        Assert.Equal(RegistrationTestBed.Owner, agent.GetProperty("owner").GetString());
        Assert.Equal([RegistrationTestBed.Api], agent.GetProperty("audiences").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact(DisplayName = "RFC 7591 §3: an expired initial access token is refused, one second before expiry it works")]
    public async Task Register_ExpiredToken_Is401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await RegistrationTestBed.StartAsync(time: time);
        var token = await bed.CreateInitialAccessTokenAsync(expiresInSeconds: 120);

        time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(HttpStatusCode.Created, (await bed.RegisterAsync(token, Metadata)).Status);

        time.Advance(TimeSpan.FromSeconds(1));
        var expired = await bed.RegisterAsync(token, Metadata);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.StartsWith("MND3412:", expired["error_description"]);
    }

    [Fact(DisplayName = "RFC 7591 §3: a single-use initial access token registers one client; invalid metadata does not use it up")]
    public async Task Register_UsedUpToken_Is401()
    {
        await using var bed = await RegistrationTestBed.StartAsync();
        var token = await bed.CreateInitialAccessTokenAsync(maxUses: 1);

        var invalid = await bed.RegisterAsync(token, new { scope = "admin:everything", contacts = new[] { "dev@example.com" } });
        Assert.Equal("invalid_client_metadata", invalid["error"]);
        Assert.Equal(HttpStatusCode.Created, (await bed.RegisterAsync(token, Metadata)).Status);
        var second = await bed.RegisterAsync(token, Metadata);

        Assert.Equal(HttpStatusCode.Unauthorized, second.Status);
        var (_, list) = await bed.AdminAsync(HttpMethod.Get, "admin/registration-tokens");
        var record = Assert.Single(list.EnumerateArray());
        Assert.Equal(1, record.GetProperty("uses").GetInt32());
        Assert.False(record.TryGetProperty("token", out _));
    }

    [Fact(DisplayName = "RFC 7591 §3: a revoked initial access token is refused; clients registered before keep working")]
    public async Task Register_RevokedToken_Is401()
    {
        await using var bed = await RegistrationTestBed.StartAsync();
        var token = await bed.CreateInitialAccessTokenAsync();
        var registered = await bed.RegisterAsync(token, Metadata);
        var (_, list) = await bed.AdminAsync(HttpMethod.Get, "admin/registration-tokens");
        var id = list[0].GetProperty("id").GetString()!;

        var (revoked, body) = await bed.AdminAsync(HttpMethod.Post, $"admin/registration-tokens/{id}/revoke");
        var (again, _) = await bed.AdminAsync(HttpMethod.Post, $"admin/registration-tokens/{id}/revoke");

        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.True(body.TryGetProperty("revoked_at", out var at) && at.ValueKind == JsonValueKind.String);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bed.RegisterAsync(token, Metadata)).Status);
        Assert.Equal(HttpStatusCode.OK, (await bed.TokenAsync(registered["client_id"]!, registered["client_secret"]!, "tools:read")).Status);
    }

    [Fact(DisplayName = "RFC 7591 §3: the initial access token's policy caps scopes and grant types (invalid_client_metadata beyond it)")]
    public async Task Register_BeyondPolicy_IsInvalidClientMetadata()
    {
        await using var bed = await RegistrationTestBed.StartAsync();
        var token = await bed.CreateInitialAccessTokenAsync(scopes: "tools:read");

        var scope = await bed.RegisterAsync(token, new { scope = "tools:read tools:write", contacts = new[] { "dev@example.com" } });
        var grant = await bed.RegisterAsync(token, new { grant_types = new[] { "urn:ietf:params:oauth:grant-type:token-exchange" } });

        Assert.Equal(HttpStatusCode.BadRequest, scope.Status);
        Assert.StartsWith("MND3407:", scope["error_description"]);
        Assert.Equal("invalid_client_metadata", grant["error"]);
        Assert.StartsWith("MND3401:", grant["error_description"]);
    }

    [Fact(DisplayName = "RFC 7591 §3: an omitted scope gets every scope the initial access token allows, and the owner comes from the token")]
    public async Task Register_Defaults_FromThePolicy()
    {
        await using var bed = await RegistrationTestBed.StartAsync();
        var token = await bed.CreateInitialAccessTokenAsync();

        var reply = await bed.RegisterAsync(token, new { });

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("tools:read tools:write", reply["scope"]);
        Assert.Equal(RegistrationTestBed.Owner, reply["owner"]);
        Assert.Equal("dynamically registered client", reply["client_name"]);
    }

    [Fact(DisplayName = "Registration is rate-limited per source address: 429 with Retry-After")]
    public async Task Register_RateLimited_Is429()
    {
        await using var bed = await RegistrationTestBed.StartAsync(options => options.RequestsPerAddress = 2);

        await bed.RegisterAsync(null, Metadata);
        await bed.RegisterAsync(null, Metadata);
        var third = await bed.RegisterAsync(null, Metadata);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.StartsWith("MND3417:", third["error_description"]);
        Assert.NotNull(third.RetryAfter);
    }

    [Fact(DisplayName = "Admin API: initial access tokens are validated, shown once, listed without their value")]
    public async Task Admin_ValidatesAndShowsTheValueOnce()
    {
        await using var bed = await RegistrationTestBed.StartAsync();

        var (noScopes, error) = await bed.AdminAsync(HttpMethod.Post, "admin/registration-tokens", new { scopes = Array.Empty<string>(), audiences = new[] { RegistrationTestBed.Api }, expires_in_seconds = 600 });
        var (tooLong, _) = await bed.AdminAsync(HttpMethod.Post, "admin/registration-tokens", new { scopes = new[] { "a" }, audiences = new[] { RegistrationTestBed.Api }, expires_in_seconds = 400L * 24 * 3600 });
        var (redirect, _) = await bed.AdminAsync(HttpMethod.Post, "admin/registration-tokens", new { scopes = new[] { "a" }, audiences = new[] { RegistrationTestBed.Api }, expires_in_seconds = 600, grant_types = new[] { "authorization_code" } });
        var (missing, _) = await bed.AdminAsync(HttpMethod.Post, "admin/registration-tokens/iat_nothing/revoke");
        var value = await bed.CreateInitialAccessTokenAsync(maxUses: 3);

        Assert.Equal(HttpStatusCode.BadRequest, noScopes);
        Assert.StartsWith("MND3430:", error.GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, redirect);
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.StartsWith("mit_", value);
        var (_, list) = await bed.AdminAsync(HttpMethod.Get, "admin/registration-tokens");
        var record = Assert.Single(list.EnumerateArray());
        Assert.Equal(3, record.GetProperty("max_uses").GetInt32());
        Assert.Equal(bed.Server.Admin.ClientId, record.GetProperty("created_by").GetString());
        Assert.DoesNotContain(value, list.GetRawText(), StringComparison.Ordinal);
    }
}
