// RFC 8693 token exchange: the happy paths (delegation, two hops, narrowing) and the claims they produce.
using Mandate.Protocol;
using Mandate.Server.Tests.Harness;

namespace Mandate.Server.Tests.Grants.TokenExchange;

public sealed class TokenExchangeGrantHandlerTests : IAsyncLifetime
{
    private DelegationWorld _world = null!;

    public async Task InitializeAsync() => _world = await DelegationWorld.CreateAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<string> OrchestratorTokenForSubAgentAsync(string scope = "invoices:read invoices:write")
    {
        var result = await _world.ClientCredentialsAsync(_world.Orchestrator, AgentAudience.For(_world.SubAgent.Id), scope);
        Assert.Equal(200, result.StatusCode);
        return result.AccessToken;
    }

    [Fact(DisplayName = "RFC 8693 §2.2.1 / §4.1: the sub-agent gets a token with the subject's sub and itself as act")]
    public async Task Delegation_KeepsSubject_AddsActor()
    {
        var subject = await OrchestratorTokenForSubAgentAsync();

        var result = await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api), ("scope", "invoices:read"));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(TokenTypes.AccessToken, result.Json.GetProperty("issued_token_type").GetString());
        Assert.Equal("Bearer", result.Json.GetProperty("token_type").GetString());
        Assert.Equal("no-store", result.Headers.CacheControl.ToString());
        var token = result.AccessToken;
        Assert.Equal(_world.Orchestrator.Id, DelegationWorld.Claim(token, "sub"));
        Assert.Equal(_world.SubAgent.ClientId, DelegationWorld.Claim(token, "client_id"));
        Assert.Equal(ServerHarness.Api, DelegationWorld.Claim(token, "aud"));
        Assert.Equal([_world.SubAgent.ClientId], DelegationWorld.Actors(token));
        Assert.Equal(["invoices:read"], DelegationWorld.Scopes(token));
        Assert.Equal(DelegationWorld.Claim(subject, "jti"), DelegationWorld.Claim(token, "parent_jti"));
        Assert.Equal("at+jwt", JwtParts.Header(token).GetProperty("typ").GetString());
    }

    [Fact(DisplayName = "RFC 8693 §4.1: a second hop nests the earlier actor inside, newest outermost")]
    public async Task TwoHops_NestNewestOutermost()
    {
        var subject = await OrchestratorTokenForSubAgentAsync();
        var forWorker = await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", AgentAudience.For(_world.Worker.Id)), ("scope", "invoices:read"));
        Assert.Equal(200, forWorker.StatusCode);

        var result = await _world.ExchangeAsync(_world.Worker, forWorker.AccessToken, ("resource", ServerHarness.Api));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(_world.Orchestrator.Id, DelegationWorld.Claim(result.AccessToken, "sub"));
        Assert.Equal([_world.Worker.ClientId, _world.SubAgent.ClientId], DelegationWorld.Actors(result.AccessToken));
        Assert.Equal(["invoices:read"], DelegationWorld.Scopes(result.AccessToken));
    }

    [Fact(DisplayName = "Without scope the token carries subject scope ∩ the actor's allowed scopes")]
    public async Task NoScope_IsIntersection()
    {
        var subject = await OrchestratorTokenForSubAgentAsync();

        var result = await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["invoices:read", "invoices:write"], DelegationWorld.Scopes(result.AccessToken));
        Assert.Equal("invoices:read invoices:write", result.Json.GetProperty("scope").GetString());
    }

    [Fact(DisplayName = "An agent exchanges its own token to narrow scope and audience; no act is added")]
    public async Task OwnToken_Narrows_WithoutAct()
    {
        var own = await _world.ClientCredentialsAsync(_world.Orchestrator, AgentAudience.For(_world.SubAgent.Id), "invoices:read invoices:write mail:send");

        var result = await _world.ExchangeAsync(_world.Orchestrator, own.AccessToken, ("audience", ServerHarness.Api), ("scope", "mail:send"));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(_world.Orchestrator.Id, DelegationWorld.Claim(result.AccessToken, "sub"));
        Assert.Empty(DelegationWorld.Actors(result.AccessToken));
        Assert.Equal(["mail:send"], DelegationWorld.Scopes(result.AccessToken));
        Assert.Equal(ServerHarness.Api, DelegationWorld.Claim(result.AccessToken, "aud"));
    }

    [Fact(DisplayName = "Lifetime never passes the subject token's exp, and shrinks as it ages")]
    public async Task Lifetime_BoundedBySubject()
    {
        var subject = await OrchestratorTokenForSubAgentAsync();
        _world.Server.Time.Advance(TimeSpan.FromSeconds(800));

        var result = await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(100, result.Json.GetProperty("expires_in").GetInt64());
        Assert.Equal(DelegationWorld.Exp(subject), DelegationWorld.Exp(result.AccessToken));
    }

    [Fact(DisplayName = "Lifetime never passes the actor's own token lifetime")]
    public async Task Lifetime_BoundedByActor()
    {
        var subject = await OrchestratorTokenForSubAgentAsync();

        var result = await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api));

        Assert.Equal(600, result.Json.GetProperty("expires_in").GetInt64());
    }

    [Fact(DisplayName = "RFC 8693 §2.1: the client's own actor_token is accepted")]
    public async Task ActorToken_OwnToken_Accepted()
    {
        var subject = await OrchestratorTokenForSubAgentAsync();
        var actor = await _world.ClientCredentialsAsync(_world.SubAgent, ServerHarness.Api, "invoices:read");

        var result = await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api),
            ("actor_token", actor.AccessToken), ("actor_token_type", TokenTypes.AccessToken));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal([_world.SubAgent.ClientId], DelegationWorld.Actors(result.AccessToken));
    }

    [Fact(DisplayName = "RFC 8414: the metadata lists the token exchange grant")]
    public async Task Metadata_ListsTokenExchange()
    {
        var registry = (Mandate.Server.Grants.GrantHandlerRegistry)_world.Server.Services.GetService(typeof(Mandate.Server.Grants.GrantHandlerRegistry))!;
        Assert.Contains(GrantTypes.TokenExchange, registry.GrantTypes);
        await Task.CompletedTask;
    }
}
