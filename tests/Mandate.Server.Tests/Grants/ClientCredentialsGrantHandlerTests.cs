// RFC 6749 §4.4 client credentials with §3.3 scope rules and RFC 8707 §2 resource indicators, plus
// the token endpoint's routing steps (grant_type lookup, grant allowed, undeclared parameters).
using Mandate.Server.Tests.Harness;
using Mandate.Storage;

namespace Mandate.Server.Tests.Grants;

public sealed class ClientCredentialsGrantHandlerTests : IAsyncLifetime
{
    private const string Api2 = "https://api2.example.com/v1";

    private ServerHarness _server = null!;
    private Agent _agent = null!;
    private string _basic = "";

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync();
        (_agent, var secret) = await _server.CreateAgentAsync();
        _basic = ServerHarness.Basic(_agent.ClientId, secret!);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResult> PostAsync(string body, string? basic = null) => _server.PostTokenAsync(body, basic ?? _basic);

    [Fact(DisplayName = "RFC 6749 §4.4.2: grant_type is required")]
    public async Task MissingGrantType_IsInvalidRequest()
    {
        var result = await PostAsync("scope=invoices:read");
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
    }

    [Theory(DisplayName = "RFC 6749 §5.2: an unknown grant type is unsupported_grant_type")]
    [InlineData("password")]
    [InlineData("authorization_code")]
    [InlineData("CLIENT_CREDENTIALS")]
    public async Task UnknownGrant_IsUnsupportedGrantType(string grantType)
    {
        var result = await PostAsync("grant_type=" + grantType);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("unsupported_grant_type", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: a client not allowed the grant gets unauthorized_client")]
    public async Task GrantNotAllowed_IsUnauthorizedClient()
    {
        var store = (IAgentStore)_server.Services.GetService(typeof(IAgentStore))!;
        var current = (await store.FindAsync(_agent.Id, CancellationToken.None))!;
        Assert.True(await store.UpdateAsync(current with { AllowedGrantTypes = ["urn:example:other"] }, current.Version, CancellationToken.None));
        _server.Time.Advance(TimeSpan.FromSeconds(3));

        var result = await PostAsync("grant_type=client_credentials");
        Assert.Equal("unauthorized_client", result.Error);
    }

    [Theory(DisplayName = "Parameters the grant does not declare are invalid_request")]
    [InlineData("grant_type=client_credentials&username=bob")]
    [InlineData("grant_type=client_credentials&audience=https://api.example.com")]
    [InlineData("grant_type=client_credentials&refresh_token=x")]
    public async Task UndeclaredParameter_IsInvalidRequest(string body)
    {
        var result = await PostAsync(body);
        Assert.Equal("invalid_request", result.Error);
        Assert.StartsWith("MND2006", result.Description);
    }

    [Fact(DisplayName = "RFC 6749 §3.3: no scope requested gives the default scopes")]
    public async Task NoScope_GivesDefaults()
    {
        var result = await PostAsync("grant_type=client_credentials");
        Assert.Equal("invoices:read", result.Json.GetProperty("scope").GetString());
        Assert.Equal("invoices:read", JwtParts.Payload(result.AccessToken).GetProperty("scope").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §3.3: no scope and no default scopes is invalid_scope")]
    public async Task NoScopeNoDefault_IsInvalidScope()
    {
        var (agent, secret) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { DefaultScopes = [] });
        var result = await PostAsync("grant_type=client_credentials", ServerHarness.Basic(agent.ClientId, secret!));
        Assert.Equal("invalid_scope", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §3.3: a subset of the allowed scopes is granted exactly")]
    public async Task AllowedScopes_AreGranted()
    {
        var result = await PostAsync("grant_type=client_credentials&scope=invoices%3Awrite+invoices%3Aread");
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("invoices:write invoices:read", result.Json.GetProperty("scope").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §3.3: a wider scope is refused with invalid_scope, never narrowed")]
    public async Task ScopeWidening_IsRefused()
    {
        var result = await PostAsync("grant_type=client_credentials&scope=invoices:read+admin");
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_scope", result.Error);
    }

    [Theory(DisplayName = "RFC 6749 §3.3: a malformed scope list is invalid_scope")]
    [InlineData("invoices:read++invoices:write")]
    [InlineData("+invoices:read")]
    [InlineData("invoices%22read")]
    public async Task MalformedScope_IsInvalidScope(string scope)
    {
        var result = await PostAsync("grant_type=client_credentials&scope=" + scope);
        Assert.Equal("invalid_scope", result.Error);
    }

    [Fact(DisplayName = "RFC 8707 §2: an allowed resource becomes the audience")]
    public async Task AllowedResource_IsAudience()
    {
        var result = await PostAsync("grant_type=client_credentials&resource=" + Uri.EscapeDataString(ServerHarness.Api));
        Assert.Equal(ServerHarness.Api, JwtParts.Payload(result.AccessToken).GetProperty("aud").GetString());
    }

    [Theory(DisplayName = "RFC 3986 §6.2.3: an equivalent spelling of an allowed resource gets the registered audience")]
    [InlineData("https://api.example.com/")]
    [InlineData("HTTPS://API.example.com:443")]
    public async Task EquivalentResource_GetsRegisteredAudience(string resource)
    {
        var result = await PostAsync("grant_type=client_credentials&resource=" + Uri.EscapeDataString(resource));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(ServerHarness.Api, JwtParts.Payload(result.AccessToken).GetProperty("aud").GetString());
    }

    [Fact(DisplayName = "RFC 8707 §2: a resource with another path is not the same resource")]
    public async Task OtherPath_IsInvalidTarget()
    {
        var result = await PostAsync("grant_type=client_credentials&resource=" + Uri.EscapeDataString(ServerHarness.Api + "/admin"));
        Assert.Equal("invalid_target", result.Error);
    }

    [Fact(DisplayName = "RFC 8707 §2: a resource the agent may not call is invalid_target")]
    public async Task ResourceNotAllowed_IsInvalidTarget()
    {
        var result = await PostAsync("grant_type=client_credentials&resource=" + Uri.EscapeDataString("https://evil.example.com"));
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_target", result.Error);
    }

    [Theory(DisplayName = "RFC 8707 §2: a resource that is not an absolute URI without fragment is invalid_target")]
    [InlineData("api.example.com")]
    [InlineData("/relative")]
    [InlineData("https://api.example.com#frag")]
    public async Task MalformedResource_IsInvalidTarget(string resource)
    {
        var result = await PostAsync("grant_type=client_credentials&resource=" + Uri.EscapeDataString(resource));
        Assert.Equal("invalid_target", result.Error);
    }

    [Fact(DisplayName = "RFC 8707 §2: several resources are invalid_target (one audience per token)")]
    public async Task SeveralResources_AreInvalidTarget()
    {
        var (agent, secret) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { Audiences = [ServerHarness.Api, Api2] });
        var body = "grant_type=client_credentials&resource=" + Uri.EscapeDataString(ServerHarness.Api) + "&resource=" + Uri.EscapeDataString(Api2);
        var result = await PostAsync(body, ServerHarness.Basic(agent.ClientId, secret!));
        Assert.Equal("invalid_target", result.Error);
    }

    [Fact(DisplayName = "RFC 8707 §2: without resource, an agent with several audiences gets invalid_target")]
    public async Task NoResourceSeveralAudiences_IsInvalidTarget()
    {
        var (agent, secret) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { Audiences = [ServerHarness.Api, Api2] });
        var basic = ServerHarness.Basic(agent.ClientId, secret!);
        Assert.Equal("invalid_target", (await PostAsync("grant_type=client_credentials", basic)).Error);

        var chosen = await PostAsync("grant_type=client_credentials&resource=" + Uri.EscapeDataString(Api2), basic);
        Assert.Equal(Api2, JwtParts.Payload(chosen.AccessToken).GetProperty("aud").GetString());
    }

    [Fact(DisplayName = "Without resource, an agent with one audience gets that audience")]
    public async Task NoResourceOneAudience_UsesIt()
    {
        var result = await PostAsync("grant_type=client_credentials");
        Assert.Equal(ServerHarness.Api, JwtParts.Payload(result.AccessToken).GetProperty("aud").GetString());
    }

    [Fact(DisplayName = "The agent's token lifetime is capped by MaxAccessTokenLifetime")]
    public async Task Lifetime_IsCapped()
    {
        await using var server = await ServerHarness.CreateAsync(o => o.MaxAccessTokenLifetime = TimeSpan.FromMinutes(10));
        var (agent, secret) = await server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { TokenLifetimeSeconds = 600 });
        // Lower the cap below the agent's registered lifetime, as an operator would after registration.
        var store = (IAgentStore)server.Services.GetService(typeof(IAgentStore))!;
        var current = (await store.FindAsync(agent.Id, CancellationToken.None))!;
        await store.UpdateAsync(current with { TokenLifetime = TimeSpan.FromHours(5) }, current.Version, CancellationToken.None);
        server.Time.Advance(TimeSpan.FromSeconds(3));

        var result = await server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(agent.ClientId, secret!));
        Assert.Equal(600, result.Json.GetProperty("expires_in").GetInt64());
        var payload = JwtParts.Payload(result.AccessToken);
        Assert.Equal(600, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [Fact(DisplayName = "The agent's own shorter lifetime is used")]
    public async Task AgentLifetime_IsUsed()
    {
        var (agent, secret) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { TokenLifetimeSeconds = 60 });
        var result = await PostAsync("grant_type=client_credentials", ServerHarness.Basic(agent.ClientId, secret!));
        Assert.Equal(60, result.Json.GetProperty("expires_in").GetInt64());
    }
}
