// Issue #7 item 6: a usage event per request to a protected endpoint, with real tokens through the real middleware
// (Kestrel on loopback). Allowed and refused requests carry agent, jti, scopes, audience, route, decision and reason;
// never the token.
using System.Net;
using System.Threading.Channels;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.ResourceServer.Tests.Infrastructure;
using Mandate.ResourceServer.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.ResourceServer.Tests;

public sealed class UsageEventTests : IAsyncLifetime
{
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly FakeTimeProvider _time = new(ProtectedApi.Start);
    private readonly Channel<MandateUsageEvent> _events = Channel.CreateUnbounded<MandateUsageEvent>();
    private FakeIssuer _issuer = null!;
    private ProtectedApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await FakeIssuer.StartAsync(_key);
        _api = await ProtectedApi.StartAsync(_issuer.Issuer, time: _time, services: services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddMandateUsageSink((usage, _) => _events.Writer.WriteAsync(usage));
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task AllowedRequest_RaisesEventWithAgentJtiScopesAudienceRouteAndDelegationDepth()
    {
        var claims = TestTokens.Claims(_issuer.Issuer, _time.GetUtcNow(), "tools:read");
        claims["act"] = new System.Text.Json.Nodes.JsonObject { ["sub"] = "agt_orchestrator" };
        var token = TestTokens.Sign(_key, claims);

        using var response = await _api.GetAsync("/api/tools", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var usage = await NextAsync();
        Assert.Equal(MandateUsageDecision.Allowed, usage.Decision);
        Assert.Equal(MandateUsageResults.Valid, usage.Result);
        Assert.Equal("GET", usage.Method);
        Assert.Equal("/api/tools", usage.Route);
        Assert.Equal(_time.GetUtcNow(), usage.Timestamp);
        Assert.Equal((string)claims["jti"]!, usage.JwtId);
        Assert.Equal(TestTokens.AgentId, usage.Subject);
        Assert.Equal(TestTokens.AgentId, usage.ClientId);
        Assert.Equal(["tools:read"], usage.Scopes);
        Assert.Equal([TestTokens.Audience], usage.Audiences);
        Assert.Equal(1, usage.DelegationDepth); // RFC 8693 §4.1: one act level
        Assert.Empty(usage.MissingScopes);
        Assert.DoesNotContain(token.Split('.')[2], usage.ToString());
    }

    [Fact]
    public async Task InsufficientScope_RaisesRefusedEventWithTheMissingScope()
    {
        var claims = TestTokens.Claims(_issuer.Issuer, _time.GetUtcNow(), "tools:read");
        using var response = await _api.SendRawAsync(HttpMethod.Post, "/api/tools/run", "Bearer " + TestTokens.Sign(_key, claims));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // RFC 6750 §3.1 insufficient_scope

        var usage = await NextAsync();
        Assert.Equal(MandateUsageDecision.Refused, usage.Decision);
        Assert.Equal(MandateUsageResults.InsufficientScope, usage.Result);
        Assert.Equal("POST", usage.Method);
        Assert.Equal("/api/tools/run", usage.Route);
        Assert.Equal((string)claims["jti"]!, usage.JwtId);
        Assert.Equal(TestTokens.AgentId, usage.ClientId);
        Assert.Equal(["tools:write"], usage.MissingScopes);
    }

    [Fact]
    public async Task ExpiredAndMissingTokens_RaiseRefusedEventsWithReasonAndNoClaims()
    {
        var claims = TestTokens.Claims(_issuer.Issuer, _time.GetUtcNow());
        claims["exp"] = _time.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds();
        using (var expired = await _api.GetAsync("/api/tools", TestTokens.Sign(_key, claims)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        }

        var refused = await NextAsync();
        Assert.Equal(MandateUsageDecision.Refused, refused.Decision);
        Assert.Equal(MandateUsageResults.Expired, refused.Result);
        Assert.Equal("/api/tools", refused.Route);
        Assert.Null(refused.Token);
        Assert.Null(refused.ClientId);
        Assert.Empty(refused.Scopes);

        using (var anonymous = await _api.GetAsync("/api/tools", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        Assert.Equal(MandateUsageResults.MissingToken, (await NextAsync()).Result);

        // Anonymous endpoints are not token usage: no event.
        using (var health = await _api.GetAsync("/health", null))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.False(_events.Reader.TryRead(out _));
    }

    private async Task<MandateUsageEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(timeout.Token);
    }
}
