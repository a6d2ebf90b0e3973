using Mandate.Agent.Tests.Infrastructure;
using static Mandate.Agent.Tests.Exchange.ExchangeTestTokens;

namespace Mandate.Agent.Tests.Exchange;

/// <summary>Caching of exchanged tokens: same renewal point as client credentials tokens, never past the subject
/// token's expiry, bounded with eviction, single flight per request.</summary>
public sealed class ExchangeCacheTests
{
    private static readonly TokenExchangeRequest ToApi = new() { Resource = new Uri("https://api.example.test"), Scope = "tools:read" };

    [Fact]
    public async Task ExchangeAsync_SameRequest_AnsweredFromCacheUntilTheRenewalPoint()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Jitter = 0);
        h.Server.LifetimeSeconds = 100;
        var subject = Jwt(h.Time.GetUtcNow().AddHours(1));

        var first = await h.Client.ExchangeAsync(subject, ToApi);
        h.Time.Advance(TimeSpan.FromSeconds(79));
        Assert.Same(first, await h.Client.ExchangeAsync(subject, ToApi));
        Assert.Equal(1, h.Server.TokenRequestCount);

        h.Time.Advance(TimeSpan.FromSeconds(2)); // 81 s: past RenewAt 0.8 × 100 s, as for client credentials tokens
        var renewed = await h.Client.ExchangeAsync(subject, ToApi);
        Assert.NotEqual(first.Value, renewed.Value);
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task ExchangeAsync_DifferentSubjectActorScopeOrTarget_AreDifferentEntries()
    {
        await using var h = await AgentHarness.StartAsync();
        var subject = Jwt(h.Time.GetUtcNow().AddHours(1));

        await h.Client.ExchangeAsync(subject, ToApi);
        await h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddHours(1)), ToApi);
        await h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Resource = ToApi.Resource, Scope = "tools:write" });
        await h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Audience = "billing", Scope = "tools:read" });
        await h.Client.ExchangeAsync(subject, new TokenExchangeRequest { Resource = ToApi.Resource, Scope = "tools:read", ActorToken = "a.b.c" });
        await h.Client.ExchangeAsync(subject, ToApi); // the first one again: cached

        Assert.Equal(5, h.Server.TokenRequestCount);
        Assert.Equal(5, h.Client.CachedExchangeCount);
    }

    [Fact(DisplayName = "An exchanged token is never handed out from the cache past the subject token's expiry (minus the usual margin)")]
    public async Task ExchangeAsync_SubjectExpiresBeforeIssuedToken_EntryEndsWithTheSubject()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Jitter, o.MinimumRemainingLifetime) = (0, TimeSpan.FromSeconds(5)));
        h.Server.LifetimeSeconds = 300; // a server that ignored the subject's expiry
        var subject = Jwt(h.Time.GetUtcNow().AddSeconds(60));

        var first = await h.Client.ExchangeAsync(subject, ToApi);
        h.Time.Advance(TimeSpan.FromSeconds(54));
        Assert.Same(first, await h.Client.ExchangeAsync(subject, ToApi));

        h.Time.Advance(TimeSpan.FromSeconds(2)); // 56 s: less than 5 s before the subject's exp
        Assert.NotEqual(first.Value, (await h.Client.ExchangeAsync(subject, ToApi)).Value);
        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task ExchangeAsync_ExplicitSubjectExpiry_BoundsCachingOfAnOpaqueSubjectToken()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Jitter, o.MinimumRemainingLifetime) = (0, TimeSpan.FromSeconds(5)));
        var request = new TokenExchangeRequest { Resource = ToApi.Resource, SubjectTokenExpiresAt = h.Time.GetUtcNow().AddSeconds(30) };

        var first = await h.Client.ExchangeAsync("opaque-subject", request);
        h.Time.Advance(TimeSpan.FromSeconds(24));
        Assert.Same(first, await h.Client.ExchangeAsync("opaque-subject", request));
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Client.ExchangeAsync("opaque-subject", request);

        Assert.Equal(2, h.Server.TokenRequestCount);
    }

    [Fact]
    public async Task ExchangeAsync_SubjectExpiryUnknown_IsNotCached()
    {
        await using var h = await AgentHarness.StartAsync();

        await h.Client.ExchangeAsync("opaque-subject", ToApi);
        await h.Client.ExchangeAsync("opaque-subject", ToApi);

        Assert.Equal(2, h.Server.TokenRequestCount);
        Assert.Contains(h.Logs.Entries, e => e.Contains("[Debug 8012]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExchangeAsync_1000ConcurrentCallersForOneRequest_ShareOneTokenRequest()
    {
        await using var h = await AgentHarness.StartAsync();
        var subject = Jwt(h.Time.GetUtcNow().AddHours(1));
        var client = h.Client;

        var tokens = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => client.ExchangeAsync(subject, ToApi))));

        Assert.Equal(1, h.Server.TokenRequestCount);
        Assert.Single(tokens.Select(t => t.Value).Distinct());
    }

    [Fact(DisplayName = "Bounded: past MaxCachedExchanges the least recently used entry is evicted")]
    public async Task ExchangeAsync_PastCapacity_EvictsLeastRecentlyUsed()
    {
        await using var h = await AgentHarness.StartAsync(o => o.MaxCachedExchanges = 3);
        var subjects = Enumerable.Range(0, 4).Select(i => Jwt(h.Time.GetUtcNow().AddHours(1), "user" + i)).ToArray();

        await h.Client.ExchangeAsync(subjects[0], ToApi);
        await h.Client.ExchangeAsync(subjects[1], ToApi);
        await h.Client.ExchangeAsync(subjects[2], ToApi);
        await h.Client.ExchangeAsync(subjects[0], ToApi); // cache hit: user0 is now the most recently used
        await h.Client.ExchangeAsync(subjects[3], ToApi); // over capacity: user1 goes
        Assert.Equal(4, h.Server.TokenRequestCount);
        Assert.Equal(3, h.Client.CachedExchangeCount);

        await h.Client.ExchangeAsync(subjects[0], ToApi);
        await h.Client.ExchangeAsync(subjects[2], ToApi);
        await h.Client.ExchangeAsync(subjects[3], ToApi);
        Assert.Equal(4, h.Server.TokenRequestCount); // still cached
        await h.Client.ExchangeAsync(subjects[1], ToApi);
        Assert.Equal(5, h.Server.TokenRequestCount); // evicted, so asked again
        Assert.Equal(3, h.Client.CachedExchangeCount);
    }

    [Fact]
    public async Task ExchangeAsync_PastCapacity_EvictsExpiredEntriesBeforeLiveOnes()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.MaxCachedExchanges, o.Jitter) = (2, 0));
        var shortLived = Jwt(h.Time.GetUtcNow().AddSeconds(30), "short");
        var longLived = Jwt(h.Time.GetUtcNow().AddHours(1), "long");

        await h.Client.ExchangeAsync(longLived, ToApi);   // least recently used, but live
        await h.Client.ExchangeAsync(shortLived, ToApi);
        h.Time.Advance(TimeSpan.FromSeconds(40));        // the short subject has expired
        await h.Client.ExchangeAsync(Jwt(h.Time.GetUtcNow().AddHours(1), "new"), ToApi);

        await h.Client.ExchangeAsync(longLived, ToApi);
        Assert.Equal(3, h.Server.TokenRequestCount); // the long-lived entry survived
        Assert.Equal(2, h.Client.CachedExchangeCount);
    }

    [Fact]
    public async Task ExchangeAsync_RenewalFailsTransiently_KeepsServingTheUsableToken()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Jitter, o.Retry.MaxAttempts) = (0, 1));
        h.Server.LifetimeSeconds = 100;
        var subject = Jwt(h.Time.GetUtcNow().AddHours(1));
        var first = await h.Client.ExchangeAsync(subject, ToApi);

        h.Server.Outage = TokenFailure.ServiceUnavailable;
        h.Time.Advance(TimeSpan.FromSeconds(85));

        Assert.Same(first, await h.Client.ExchangeAsync(subject, ToApi));
        Assert.Equal(2, h.Server.TokenRequestCount); // the renewal was attempted
    }

    [Fact]
    public void Options_MaxCachedExchangesOutOfRange_FailValidation()
    {
        var options = new MandateTokenClientOptions { Issuer = new Uri("https://mandate.example"), ClientId = "agt_1", ClientSecret = "s", MaxCachedExchanges = 0 };

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new MandateTokenClient(new HttpClient(), options));

        Assert.Contains("MaxCachedExchanges", ex.Message, StringComparison.Ordinal);
    }
}
