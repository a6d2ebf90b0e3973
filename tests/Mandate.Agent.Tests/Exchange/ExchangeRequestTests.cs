using System.Net;
using System.Text;
using Mandate.Agent.Tests.Infrastructure;
using static Mandate.Agent.Tests.Exchange.ExchangeTestTokens;

namespace Mandate.Agent.Tests.Exchange;

/// <summary>MandateTokenClient.ExchangeAsync on the wire: RFC 8693 §2.1 request, §2.2.1 response, §2.2.2 errors.</summary>
public sealed class ExchangeRequestTests
{
    private static readonly Uri Api = new("https://api.example.test");

    [Fact(DisplayName = "RFC 8693 §2.1: the request carries grant_type, subject_token(+type), actor_token(+type), resource and scope, with the agent's client authentication")]
    public async Task ExchangeAsync_SendsRfc8693FormWithClientAuthentication()
    {
        await using var h = await AgentHarness.StartAsync();
        var subject = Jwt(h.Time.GetUtcNow().AddMinutes(10));

        var token = await h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Resource = Api, Scope = "tools:read", ActorToken = "actor.jwt.value" });

        var sent = Assert.Single(h.Server.TokenRequests);
        Assert.StartsWith("Basic ", sent.Authorization, StringComparison.Ordinal);
        Assert.Equal(TokenExchangeGrant, sent.Form["grant_type"]);
        Assert.Equal(subject, sent.Form["subject_token"]);
        Assert.Equal(AccessTokenType, sent.Form["subject_token_type"]);
        Assert.Equal("actor.jwt.value", sent.Form["actor_token"]);
        Assert.Equal(AccessTokenType, sent.Form["actor_token_type"]);
        Assert.Equal("https://api.example.test/", sent.Form["resource"]);
        Assert.Equal("tools:read", sent.Form["scope"]);
        Assert.False(sent.Form.ContainsKey("audience"));
        Assert.False(sent.Form.ContainsKey("requested_token_type"));

        // RFC 8693 §2.2.1: the issued token, its type and lifetime.
        Assert.Equal(AccessTokenType, token.IssuedTokenType);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(300), token.ExpiresAt);
        Assert.Equal("tools:read", token.Scope);
        Assert.Contains(token.Value, h.Server.IssuedTokens);
    }

    [Fact(DisplayName = "RFC 8693 §2.1: without an actor token neither actor_token nor actor_token_type is sent; audience and requested_token_type pass through")]
    public async Task ExchangeAsync_NoActor_OmitsActorParameters()
    {
        await using var h = await AgentHarness.StartAsync();

        await h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddMinutes(10)), new TokenExchangeRequest { Audience = "billing", RequestedTokenType = AccessTokenType });

        var form = Assert.Single(h.Server.TokenRequests).Form;
        Assert.False(form.ContainsKey("actor_token"));
        Assert.False(form.ContainsKey("actor_token_type"));
        Assert.False(form.ContainsKey("resource"));
        Assert.Equal("billing", form["audience"]);
        Assert.Equal(AccessTokenType, form["requested_token_type"]);
    }

    [Fact]
    public async Task ExchangeAsync_UseOwnTokenAsActor_SendsTheClientCredentialsTokenAsActorToken()
    {
        await using var h = await AgentHarness.StartAsync();

        await h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddMinutes(10)), new TokenExchangeRequest { Resource = Api, UseOwnTokenAsActor = true });

        var own = await h.Client.GetTokenAsync(); // cached: the same token that was sent as actor
        Assert.Equal(2, h.Server.TokenRequestCount);
        Assert.Equal("client_credentials", h.Server.TokenRequests[0].Form["grant_type"]);
        Assert.Equal(own.Value, h.Server.TokenRequests[1].Form["actor_token"]);
    }

    [Fact]
    public async Task ExchangeAsync_OwnTokenParameters_PicksWhichOwnTokenIsTheActor()
    {
        await using var h = await AgentHarness.StartAsync();
        var own = new TokenRequestParameters("tools:read", Api);

        await h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddMinutes(10)), new TokenExchangeRequest { Resource = Api, UseOwnTokenAsActor = true, OwnTokenParameters = own });

        Assert.Equal("tools:read", h.Server.TokenRequests[0].Form["scope"]);
        Assert.Equal((await h.Client.GetTokenAsync(own)).Value, h.Server.TokenRequests[1].Form["actor_token"]);
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Theory(DisplayName = "RFC 8693 §2.2.2: a refused exchange surfaces its error code, is not retried, and names no token")]
    [InlineData("invalid_request", HttpStatusCode.BadRequest)]
    [InlineData("invalid_scope", HttpStatusCode.BadRequest)]
    [InlineData("invalid_target", HttpStatusCode.BadRequest)]
    [InlineData("unauthorized_client", HttpStatusCode.BadRequest)]
    [InlineData("invalid_client", HttpStatusCode.Unauthorized)]
    public async Task ExchangeAsync_ServerRefuses_ThrowsWithErrorCodeAndNoTokens(string error, HttpStatusCode status)
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.RejectWith = error;
        var subject = Jwt(h.Time.GetUtcNow().AddMinutes(10));

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() =>
            h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Resource = Api, ActorToken = "actor.secret.token" }));

        Assert.Equal(error, ex.Error);
        Assert.Equal(status, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, h.Server.TokenRequestCount);
        Assert.DoesNotContain(subject, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("actor.secret.token", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RFC 8693 §2.2.1: a success response without issued_token_type is invalid_response")]
    public async Task ExchangeAsync_ResponseWithoutIssuedTokenType_ThrowsInvalidResponse()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.IssuedTokenType = null;

        var ex = await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddMinutes(10)), new TokenExchangeRequest()));

        Assert.Equal(MandateTokenException.InvalidResponse, ex.Error);
        Assert.All(h.Server.IssuedTokens, t => Assert.DoesNotContain(t, ex.ToString(), StringComparison.Ordinal));
    }

    [Fact(DisplayName = "RFC 8693 §2.2.1: token_type N_A is accepted for an issued token that is not an access token")]
    public async Task ExchangeAsync_NotAnAccessToken_AcceptsTokenTypeNotApplicable()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Server.IssuedTokenType = "urn:ietf:params:oauth:token-type:jwt";

        var token = await h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddMinutes(10)), new TokenExchangeRequest { RequestedTokenType = "urn:ietf:params:oauth:token-type:jwt" });

        Assert.Equal("N_A", token.TokenType);
        Assert.Equal("urn:ietf:params:oauth:token-type:jwt", token.IssuedTokenType);
    }

    [Fact]
    public async Task ExchangeAsync_TransientFailures_RetriedWithTheClientsBackoffPolicy()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Retry.MaxAttempts, o.Retry.BaseDelay) = (3, TimeSpan.FromSeconds(1)));
        h.Server.FailNext(1, TokenFailure.ServiceUnavailable);

        var pending = h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddMinutes(10)), new TokenExchangeRequest { Resource = Api });
        var delay = await h.Time.NextTimerAsync();
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(1)); // full jitter: [0, base]
        h.Time.Advance(delay);

        var token = await pending;
        Assert.Equal(2, h.Server.TokenRequestCount);
        Assert.Equal(AccessTokenType, token.IssuedTokenType);
    }

    [Fact]
    public async Task ExchangeAsync_InconsistentRequest_ThrowsArgumentExceptionWithoutSending()
    {
        await using var h = await AgentHarness.StartAsync();
        var subject = Jwt(h.Time.GetUtcNow().AddMinutes(10));

        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Resource = Api, Audience = "billing" }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ExchangeAsync(subject, new TokenExchangeRequest { ActorToken = "a.b.c", UseOwnTokenAsActor = true }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ExchangeAsync(subject, new TokenExchangeRequest { ActorToken = "" }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ExchangeAsync("", new TokenExchangeRequest()));
        Assert.Equal(0, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task Logs_AtTraceAcrossExchangeRetryAndRefusal_NeverContainSubjectActorOrIssuedTokens()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Retry.MaxAttempts, o.Retry.BaseDelay) = (2, TimeSpan.FromMilliseconds(1)));
        var subject = Jwt(h.Time.GetUtcNow().AddMinutes(10));
        var exceptions = new List<Exception>();

        await h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Resource = Api, UseOwnTokenAsActor = true });
        h.Server.FailNext(1, TokenFailure.ServiceUnavailable, retryAfter: "0");
        await h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Resource = Api, Scope = "tools:read", ActorToken = "actor.secret.token" });
        h.Server.RejectWith = "invalid_request";
        exceptions.Add(await Assert.ThrowsAsync<MandateTokenException>(() =>
            h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Audience = "billing", ActorToken = "actor.secret.token" })));
        await h.Client.ExchangeAsync("opaque-subject-token-value", new TokenExchangeRequest()).ContinueWith(_ => { }, TaskScheduler.Default);

        var secrets = h.Server.IssuedTokens.Append(subject).Append("actor.secret.token").Append("opaque-subject-token-value").Append(h.Server.ClientSecret).ToArray();
        Assert.Contains(h.Logs.Entries, e => e.Contains("[Information 8011]", StringComparison.Ordinal));
        Assert.Contains(h.Logs.Entries, e => e.Contains("[Debug 8010]", StringComparison.Ordinal));
        Assert.Contains(h.Logs.Entries, e => e.Contains("[Error 8003]", StringComparison.Ordinal));
        var payload = subject.Split('.')[1];
        foreach (var text in h.Logs.Entries.Concat(exceptions.Select(e => e.ToString())).Append(new TokenExchangeRequest { ActorToken = "actor.secret.token" }.ToString()))
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(payload, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Basic ", text, StringComparison.Ordinal);
        }
    }
}
