// RFC 8693 §2.2.2 refusals: invalid or unacceptable subject/actor tokens are invalid_request; targets the actor
// may not reach are invalid_target; scope widening is invalid_scope. None of them is ever a 5xx.
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.Server.Grants.TokenExchange;
using Mandate.Server.Keys;
using Mandate.Server.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Grants.TokenExchange;

public sealed class TokenExchangeRefusalTests : IAsyncLifetime
{
    private DelegationWorld _world = null!;

    public async Task InitializeAsync() => _world = await DelegationWorld.CreateAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<string> SubjectAsync(string scope = "invoices:read")
    {
        var result = await _world.ClientCredentialsAsync(_world.Orchestrator, AgentAudience.For(_world.SubAgent.Id), scope);
        Assert.Equal(200, result.StatusCode);
        return result.AccessToken;
    }

    private static void AssertRefused(HttpResult result, string error)
    {
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(error, result.Error);
        Assert.False(result.Json.TryGetProperty("access_token", out _));
    }

    /// <summary>A token signed with the server's own active key, with the claims given (to model may_act etc.).</summary>
    private string ServerSigned(string claimsJson) =>
        JwsWriter.CreateCompact(_world.Server.Services.GetRequiredService<SigningKeyRing>().ActiveKey, "at+jwt", Encoding.UTF8.GetBytes(claimsJson));

    private string Claims(string extra = "", string? aud = null, long? exp = null)
    {
        var now = _world.Server.Time.GetUtcNow().ToUnixTimeSeconds();
        return $$"""{"iss":"{{ServerHarness.Issuer}}","sub":"{{_world.Orchestrator.Id}}","aud":"{{aud ?? AgentAudience.For(_world.SubAgent.Id)}}","exp":{{exp ?? now + 300}},"iat":{{now}},"jti":"j-{{Guid.NewGuid():N}}","client_id":"{{_world.Orchestrator.ClientId}}","scope":"invoices:read"{{extra}}}""";
    }

    [Fact(DisplayName = "Chain binding: a token addressed to the sub-agent cannot be spliced into mallory's chain")]
    public async Task SplicedSubjectToken_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        AssertRefused(await _world.ExchangeAsync(_world.Mallory, subject, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "Chain binding: a token for an API (not an agent) cannot be exchanged by another agent")]
    public async Task ApiToken_ExchangedByOther_IsInvalidRequest()
    {
        var apiToken = (await _world.ClientCredentialsAsync(_world.Orchestrator, ServerHarness.Api, "invoices:read")).AccessToken;
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, apiToken, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "RFC 8693 §4.4: may_act naming another agent refuses the exchange")]
    public async Task MayAct_OtherAgent_IsInvalidRequest()
    {
        var token = ServerSigned(Claims($$""","may_act":{"sub":"{{_world.Mallory.ClientId}}"}"""));
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, token, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "RFC 8693 §4.4: may_act naming the client admits it")]
    public async Task MayAct_Client_IsAccepted()
    {
        var token = ServerSigned(Claims($$""","may_act":{"sub":"{{_world.SubAgent.ClientId}}","iss":"{{ServerHarness.Issuer}}"}"""));
        var result = await _world.ExchangeAsync(_world.SubAgent, token, ("resource", ServerHarness.Api));
        Assert.Equal(200, result.StatusCode);
    }

    [Fact(DisplayName = "RFC 8693 §4.4: may_act from another issuer admits nobody")]
    public async Task MayAct_ForeignIssuer_IsInvalidRequest()
    {
        var token = ServerSigned(Claims($$""","may_act":{"sub":"{{_world.SubAgent.ClientId}}","iss":"https://other.example"}"""));
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, token, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "A malformed act chain in the subject token is invalid_request")]
    public async Task MalformedAct_IsInvalidRequest()
    {
        var token = ServerSigned(Claims(""","act":"agt_x" """.TrimEnd()));
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, token, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "A subject token signed by a key the server never published is invalid_request")]
    public async Task ForeignKey_IsInvalidRequest()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        var token = JwsWriter.CreateCompact(key, "at+jwt", Encoding.UTF8.GetBytes(Claims()));
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, token, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "An expired subject token is invalid_request")]
    public async Task ExpiredSubject_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        _world.Server.Time.Advance(TimeSpan.FromSeconds(900 + 31));
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "A subject token inside the clock skew but past exp yields no token (lifetime never extends)")]
    public async Task SubjectPastExpWithinSkew_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        _world.Server.Time.Advance(TimeSpan.FromSeconds(900 + 10));
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "invalid_scope: asking for a scope the subject token does not hold")]
    public async Task ScopeBeyondSubject_IsInvalidScope()
    {
        var subject = await SubjectAsync("invoices:read");
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api), ("scope", "invoices:read invoices:write")), "invalid_scope");
    }

    [Fact(DisplayName = "invalid_scope: asking for a scope the actor may not have, though the subject holds it")]
    public async Task ScopeBeyondActor_IsInvalidScope()
    {
        var own = (await _world.ClientCredentialsAsync(_world.Orchestrator, AgentAudience.For(_world.SubAgent.Id), "mail:send invoices:read")).AccessToken;
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, own, ("resource", ServerHarness.Api), ("scope", "mail:send")), "invalid_scope");
    }

    [Fact(DisplayName = "invalid_scope: subject and actor share no scope")]
    public async Task NoCommonScope_IsInvalidScope()
    {
        var own = (await _world.ClientCredentialsAsync(_world.Orchestrator, AgentAudience.For(_world.SubAgent.Id), "mail:send")).AccessToken;
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, own, ("resource", ServerHarness.Api)), "invalid_scope");
    }

    [Theory(DisplayName = "RFC 8693 §2.2.2: a target the actor may not reach is invalid_target")]
    [InlineData("resource", "https://payroll.example.com")]
    [InlineData("audience", "https://payroll.example.com")]
    [InlineData("resource", "not a uri")]
    public async Task WrongAudience_IsInvalidTarget(string name, string value)
    {
        var subject = await SubjectAsync();
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, (name, value)), "invalid_target");
    }

    [Fact(DisplayName = "resource and audience together are invalid_target")]
    public async Task ResourceAndAudience_IsInvalidTarget()
    {
        var subject = await SubjectAsync();
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api), ("audience", ServerHarness.Api)), "invalid_target");
    }

    [Fact(DisplayName = "RFC 8693 §2.1: actor_token without actor_token_type is invalid_request")]
    public async Task ActorTokenWithoutType_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        var actor = (await _world.ClientCredentialsAsync(_world.SubAgent, ServerHarness.Api, "invoices:read")).AccessToken;
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api), ("actor_token", actor)), "invalid_request");
    }

    [Fact(DisplayName = "RFC 8693 §2.1: actor_token_type without actor_token is invalid_request")]
    public async Task ActorTypeWithoutToken_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api), ("actor_token_type", TokenTypes.AccessToken)), "invalid_request");
    }

    [Fact(DisplayName = "An actor_token of another agent is invalid_request")]
    public async Task ForeignActorToken_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        var actor = (await _world.ClientCredentialsAsync(_world.Mallory, ServerHarness.Api, "invoices:read")).AccessToken;
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api),
            ("actor_token", actor), ("actor_token_type", TokenTypes.AccessToken)), "invalid_request");
    }

    [Fact(DisplayName = "RFC 8693 §2.1: an unsupported subject_token_type is invalid_request")]
    public async Task UnsupportedSubjectTokenType_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, "urn:ietf:params:oauth:token-type:saml2", ("resource", ServerHarness.Api)), "invalid_request");
    }

    [Fact(DisplayName = "RFC 8693 §2.1: a requested_token_type other than access_token is invalid_request")]
    public async Task UnsupportedRequestedTokenType_IsInvalidRequest()
    {
        var subject = await SubjectAsync();
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, subject, ("resource", ServerHarness.Api), ("requested_token_type", TokenTypes.RefreshToken)), "invalid_request");
    }

    [Fact(DisplayName = "A client not allowed the token exchange grant gets unauthorized_client")]
    public async Task GrantNotAllowed_IsUnauthorizedClient()
    {
        var (agent, secret) = await _world.Server.CreateAgentAsync(ServerHarness.DefaultRegistration());
        var subject = await SubjectAsync();
        var result = await _world.Server.PostTokenAsync(ServerHarness.Form(("grant_type", GrantTypes.TokenExchange), ("subject_token", subject),
            ("subject_token_type", TokenTypes.AccessToken)), ServerHarness.Basic(agent.ClientId, secret!));
        AssertRefused(result, "unauthorized_client");
    }

    [Fact(DisplayName = "RFC 8693 §2.1: subject_token is required")]
    public async Task MissingSubjectToken_IsInvalidRequest()
    {
        AssertRefused(await _world.ExchangeAsync(_world.SubAgent, ""), "invalid_request");
    }
}
