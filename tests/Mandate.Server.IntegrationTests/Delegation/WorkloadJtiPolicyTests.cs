// The per-issuer jti policy of workload identity: RFC 7523 §3 item 7 lets a server require a single-use jti, but real
// JWT-SVIDs often carry none. An issuer added with require_jti=false accepts assertions without jti, only with a
// short maximum assertion lifetime (at most 5 minutes); one with a jti stays single-use; other issuers still require it.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class WorkloadJtiPolicyTests : IAsyncLifetime
{
    private const string Api = "https://api.example.com";
    private readonly TestIssuer _relaxed = new("https://spire.relaxed.example", "ES256");
    private readonly TestIssuer _strict = new("https://spire.strict.example", "ES256");
    private MandateTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        using var unused = new TestIssuer("unused");
        var jwks = JsonDocument.Parse(unused.Jwks).RootElement;
        var relaxedAgent = await _server.CreateAgentAsync(new { name = "relaxed", scopes = new[] { "a" }, default_scopes = new[] { "a" }, audiences = new[] { Api }, jwks });
        var strictAgent = await _server.CreateAgentAsync(new { name = "strict", scopes = new[] { "a" }, default_scopes = new[] { "a" }, audiences = new[] { Api }, jwks });
        var added = await _server.AddTrustedIssuerAsync(new
        {
            name = "relaxed", issuer = _relaxed.Issuer, jwks = JsonDocument.Parse(_relaxed.Jwks).RootElement, maps_to_agent = relaxedAgent.ClientId,
            allowed_subjects = new[] { "spiffe://corp.example/*" }, require_jti = false,
        });
        Assert.False(added.GetProperty("require_jti").GetBoolean());
        Assert.Equal(300, added.GetProperty("max_assertion_lifetime_seconds").GetInt64());
        await _server.AddTrustedIssuerAsync(new
        {
            name = "strict", issuer = _strict.Issuer, jwks = JsonDocument.Parse(_strict.Jwks).RootElement, maps_to_agent = strictAgent.ClientId,
            allowed_subjects = new[] { "spiffe://corp.example/*" },
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _relaxed.Dispose();
        _strict.Dispose();
    }

    private string Svid(TestIssuer issuer, TimeSpan lifetime, bool withJti)
    {
        var claims = issuer.Claims("spiffe://corp.example/ns/prod/sa/billing", _server.Issuer, DateTimeOffset.UtcNow, lifetime);
        if (!withJti)
        {
            claims.Remove("jti");
        }

        return issuer.CreateToken(claims, typ: "JWT");
    }

    /// <summary>"ok" for a token, else the RFC 6749 §5.2 error code.</summary>
    private async Task<string> ClientCredentialsAsync(string assertion)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = ClientAssertions.Type,
            ["client_assertion"] = assertion,
            ["resource"] = Api,
        });
        using var response = await _server.HttpClient.PostAsync("token", content);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode ? "ok" : json.GetProperty("error").GetString()!;
    }

    [Fact(DisplayName = "RFC 7523 §3 item 7: with require_jti false, a JWT-SVID without jti authenticates its agent")]
    public async Task NoJti_AcceptedWhenPolicyAllows() =>
        Assert.Equal("ok", await ClientCredentialsAsync(Svid(_relaxed, TimeSpan.FromMinutes(2), withJti: false)));

    [Fact(DisplayName = "RFC 7523 §3 item 7: an issuer that requires jti (the default) refuses a JWT-SVID without one")]
    public async Task NoJti_RefusedByDefault()
    {
        Assert.Equal("invalid_client", await ClientCredentialsAsync(Svid(_strict, TimeSpan.FromMinutes(2), withJti: false)));
        Assert.Equal("ok", await ClientCredentialsAsync(Svid(_strict, TimeSpan.FromMinutes(2), withJti: true)));
    }

    [Fact(DisplayName = "RFC 7523 §3 item 4: without jti, an assertion living longer than the 5-minute maximum is refused")]
    public async Task NoJti_LongLifetimeRefused() =>
        Assert.Equal("invalid_client", await ClientCredentialsAsync(Svid(_relaxed, TimeSpan.FromMinutes(10), withJti: false)));

    [Fact(DisplayName = "RFC 7523 §3 item 7: with require_jti false, an assertion that has a jti is still single-use")]
    public async Task WithJti_StillSingleUse()
    {
        var assertion = Svid(_relaxed, TimeSpan.FromMinutes(2), withJti: true);
        Assert.Equal("ok", await ClientCredentialsAsync(assertion));
        Assert.Equal("invalid_client", await ClientCredentialsAsync(assertion));
    }

    [Fact(DisplayName = "Admin API: require_jti false with a maximum assertion lifetime over 5 minutes is refused (MND2880)")]
    public async Task Admin_LongLifetimeWithoutJti_Refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/trusted-issuers")
        {
            Content = JsonContent.Create(new { name = "too-long", issuer = "https://spire.other.example", jwks = JsonDocument.Parse(_strict.Jwks).RootElement, require_jti = false, max_assertion_lifetime_seconds = 600 }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.GetAdminTokenAsync());
        using var response = await _server.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MND2880", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
