using System.Net;
using System.Text.Json;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Revocation;

public sealed class RevocationEndpointTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 7662 §2.2: introspection is active before revocation and only active:false after (RFC 7009 §2.1)")]
    public async Task Revoke_OwnToken_IntrospectionTurnsInactive()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var token = await RevocationClient.TokenAsync(_server, agent);

        var before = await RevocationClient.IntrospectAsync(_server, agent, token);
        Assert.True(before.GetProperty("active").GetBoolean());
        Assert.Equal(agent.ClientId, before.GetProperty("client_id").GetString());
        Assert.Equal(agent.ClientId, before.GetProperty("sub").GetString());
        Assert.Equal("tools:read", before.GetProperty("scope").GetString());
        Assert.Equal(RevocationClient.Api, before.GetProperty("aud").GetString());

        using (var revoke = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", token), ("token_type_hint", "access_token")))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var after = await RevocationClient.IntrospectAsync(_server, agent, token);
        Assert.Equal("""{"active":false}""", after.GetRawText());
    }

    [Fact(DisplayName = "RFC 7009 §2.2: an invalid or unknown token is answered with 200")]
    public async Task Revoke_GarbageToken_Returns200()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);

        using var response = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", "not.a.token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(DisplayName = "RFC 7009 §2.1: a client may not revoke another client's token; an admin may")]
    public async Task Revoke_ForeignToken_RefusedForAgent_AllowedForAdmin()
    {
        var owner = await RevocationClient.CreateAgentAsync(_server);
        var other = await RevocationClient.CreateAgentAsync(_server);
        var token = await RevocationClient.TokenAsync(_server, owner);

        using (var refused = await RevocationClient.PostFormAsync(_server, "revoke", other, ("token", token)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("unauthorized_client", error.GetProperty("error").GetString());
        }

        Assert.True((await RevocationClient.IntrospectAsync(_server, owner, token)).GetProperty("active").GetBoolean());

        using (var allowed = await RevocationClient.PostFormAsync(_server, "revoke", RevocationClient.Admin(_server), ("token", token)))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        Assert.False((await RevocationClient.IntrospectAsync(_server, owner, token)).GetProperty("active").GetBoolean());
    }

    [Fact(DisplayName = "RFC 7009 §2.1: the revocation endpoint requires client authentication")]
    public async Task Revoke_WithoutClientAuthentication_InvalidClient()
    {
        using var content = new FormUrlEncodedContent([new("token", "x")]);
        using var response = await _server.HttpClient.PostAsync("revoke", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 7009 §2.1: token is required; undeclared parameters are refused")]
    public async Task Revoke_MissingTokenOrExtraParameter_InvalidRequest()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);

        using var missing = await RevocationClient.PostFormAsync(_server, "revoke", agent);
        using var extra = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", "x"), ("scope", "y"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
    }

    [Fact(DisplayName = "RFC 7662 §4: another client's token is inactive to a caller without introspection rights")]
    public async Task Introspect_ForeignToken_Inactive_ButVisibleToIntrospector()
    {
        var owner = await RevocationClient.CreateAgentAsync(_server);
        var stranger = await RevocationClient.CreateAgentAsync(_server);
        var api = await RevocationClient.CreateAgentAsync(_server, ["mandate:introspect"], [RevocationClient.Api]);
        var token = await RevocationClient.TokenAsync(_server, owner);

        Assert.Equal("""{"active":false}""", (await RevocationClient.IntrospectAsync(_server, stranger, token)).GetRawText());
        Assert.True((await RevocationClient.IntrospectAsync(_server, api, token)).GetProperty("active").GetBoolean());
        Assert.Equal("""{"active":false}""", (await RevocationClient.IntrospectAsync(_server, api, "garbage")).GetRawText());
    }

    [Theory(DisplayName = "Suspend, decommission and rotate-secret --revoke-tokens revoke every outstanding token")]
    [InlineData("suspend")]
    [InlineData("decommission")]
    [InlineData("rotate-secret?revoke_tokens=true")]
    public async Task AgentLifecycle_RevokesAllTokens(string action)
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var first = await RevocationClient.TokenAsync(_server, agent);
        var second = await RevocationClient.TokenAsync(_server, agent);
        var admin = RevocationClient.Admin(_server);

        using (var response = await RevocationClient.AdminPostAsync(_server, $"admin/agents/{agent.ClientId}/{action}"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.False((await RevocationClient.IntrospectAsync(_server, admin, first)).GetProperty("active").GetBoolean());
        Assert.False((await RevocationClient.IntrospectAsync(_server, admin, second)).GetProperty("active").GetBoolean());
    }

    [Fact(DisplayName = "A token issued right after rotate-secret --revoke-tokens is not caught by the agent's own mark")]
    public async Task RotateSecretWithRevoke_NewTokenActive()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var old = await RevocationClient.TokenAsync(_server, agent);
        string secret;
        using (var response = await RevocationClient.AdminPostAsync(_server, $"admin/agents/{agent.ClientId}/rotate-secret?revoke_tokens=true"))
        {
            secret = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("client_secret").GetString()!;
        }

        var rotated = agent with { ClientSecret = secret };
        var fresh = await RevocationClient.TokenAsync(_server, rotated);

        Assert.False((await RevocationClient.IntrospectAsync(_server, rotated, old)).GetProperty("active").GetBoolean());
        Assert.True((await RevocationClient.IntrospectAsync(_server, rotated, fresh)).GetProperty("active").GetBoolean());
    }

    [Fact(DisplayName = "rotate-secret without revoke_tokens leaves outstanding tokens active")]
    public async Task RotateSecret_WithoutFlag_TokensStayActive()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var token = await RevocationClient.TokenAsync(_server, agent);

        using (var response = await RevocationClient.AdminPostAsync(_server, $"admin/agents/{agent.ClientId}/rotate-secret"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True((await RevocationClient.IntrospectAsync(_server, RevocationClient.Admin(_server), token)).GetProperty("active").GetBoolean());
    }

    [Fact(DisplayName = "Metadata lists the RFC 7009 and RFC 7662 endpoints and the revocation feed")]
    public async Task Metadata_ListsEndpoints()
    {
        var json = JsonDocument.Parse(await _server.HttpClient.GetStringAsync(".well-known/oauth-authorization-server")).RootElement;

        Assert.Equal(_server.Issuer + "/revoke", json.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(_server.Issuer + "/introspect", json.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(_server.Issuer + "/revocations", json.GetProperty("mandate_revocation_feed").GetString());
    }
}
