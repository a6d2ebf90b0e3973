// Delegation policy: MaxDelegationDepth (server and per subject), allowed actors, and impersonation only where
// the subject's policy lists the client.
using Mandate.Protocol;
using Mandate.Server.Grants.TokenExchange;
using Mandate.Server.Tests.Harness;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Tests.Grants.TokenExchange;

public sealed class TokenExchangePolicyTests
{
    private static async Task<(DelegationWorld World, string ForWorker)> TwoHopAsync(DelegationWorld world)
    {
        var subject = (await world.ClientCredentialsAsync(world.Orchestrator, AgentAudience.For(world.SubAgent.Id), "invoices:read")).AccessToken;
        var forWorker = await world.ExchangeAsync(world.SubAgent, subject, ("resource", AgentAudience.For(world.Worker.Id)));
        Assert.Equal(200, forWorker.StatusCode);
        return (world, forWorker.AccessToken);
    }

    [Fact(DisplayName = "MaxDelegationDepth (server): a second actor beyond the limit is invalid_request")]
    public async Task ServerDepthLimit_Refuses()
    {
        await using var world = await DelegationWorld.CreateAsync(o => o.MaxDelegationDepth = 1);
        var (_, forWorker) = await TwoHopAsync(world);

        var result = await world.ExchangeAsync(world.Worker, forWorker, ("resource", ServerHarness.Api));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "MaxDelegationDepth (per subject) lowers the server's limit")]
    public async Task SubjectDepthLimit_Refuses()
    {
        // Agent ids are only known after creation, so the policy goes into the live options instance.
        await using var live = await DelegationWorld.CreateAsync();
        Policies(live)[live.Orchestrator.Id] = new AgentDelegationPolicy { MaxDelegationDepth = 1 };
        var (_, forWorker) = await TwoHopAsync(live);

        var result = await live.ExchangeAsync(live.Worker, forWorker, ("resource", ServerHarness.Api));

        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "AllowedActors: an actor the subject's policy does not list is invalid_request")]
    public async Task AllowedActors_Refuses()
    {
        await using var world = await DelegationWorld.CreateAsync();
        Policies(world)[world.Orchestrator.Id] = new AgentDelegationPolicy { AllowedActors = [world.Worker.ClientId] };
        var subject = (await world.ClientCredentialsAsync(world.Orchestrator, AgentAudience.For(world.SubAgent.Id), "invoices:read")).AccessToken;

        var result = await world.ExchangeAsync(world.SubAgent, subject, ("resource", ServerHarness.Api));

        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "Impersonation: a listed impersonator without actor_token gets a token with no act")]
    public async Task Impersonator_GetsNoAct()
    {
        await using var world = await DelegationWorld.CreateAsync();
        Policies(world)[world.Orchestrator.Id] = new AgentDelegationPolicy { Impersonators = [world.SubAgent.ClientId] };
        var subject = (await world.ClientCredentialsAsync(world.Orchestrator, AgentAudience.For(world.SubAgent.Id), "invoices:read")).AccessToken;

        var result = await world.ExchangeAsync(world.SubAgent, subject, ("resource", ServerHarness.Api));

        Assert.Equal(200, result.StatusCode);
        Assert.Empty(DelegationWorld.Actors(result.AccessToken));
        Assert.Equal(world.Orchestrator.Id, DelegationWorld.Claim(result.AccessToken, "sub"));
    }

    [Fact(DisplayName = "Impersonation is never the default: without policy the client always appears in act")]
    public async Task NoPolicy_AlwaysAct()
    {
        await using var world = await DelegationWorld.CreateAsync();
        var subject = (await world.ClientCredentialsAsync(world.Orchestrator, AgentAudience.For(world.SubAgent.Id), "invoices:read")).AccessToken;

        var result = await world.ExchangeAsync(world.SubAgent, subject, ("resource", ServerHarness.Api));

        Assert.Equal([world.SubAgent.ClientId], DelegationWorld.Actors(result.AccessToken));
    }

    [Fact(DisplayName = "Options: a depth outside 1..10 stops start-up")]
    public void Validator_RejectsDepth()
    {
        var validator = new TokenExchangeOptionsValidator();
        Assert.True(validator.Validate(null, new TokenExchangeOptions { MaxDelegationDepth = 0 }).Failed);
        Assert.True(validator.Validate(null, new TokenExchangeOptions { MaxDelegationDepth = 11 }).Failed);
        var options = new TokenExchangeOptions();
        options.Policies["agt_x"] = new AgentDelegationPolicy { MaxDelegationDepth = 0 };
        Assert.True(validator.Validate(null, options).Failed);
        Assert.True(validator.Validate(null, new TokenExchangeOptions()).Succeeded);
    }

    private static IDictionary<string, AgentDelegationPolicy> Policies(DelegationWorld world) =>
        ((IOptions<TokenExchangeOptions>)world.Server.Services.GetService(typeof(IOptions<TokenExchangeOptions>))!).Value.Policies;
}
