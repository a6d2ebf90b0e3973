// The validated-token cache: repeated tokens skip signature checks, exp is re-checked on every hit, the size is
// bounded, and entries die with the key set they were verified against.
using System.Security.Claims;
using Mandate.Jose.Jws;
using Mandate.ResourceServer.Tests.Infrastructure;
using Mandate.ResourceServer.Validation;

namespace Mandate.ResourceServer.Tests;

public sealed class ValidatedTokenCacheTests : ResourceServerTestBase
{
    private static readonly DateTimeOffset Now0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact(DisplayName = "Cache: a repeated token is answered from the cache and still raises OnTokenValidated")]
    public async Task RepeatedToken_ServedFromCache()
    {
        using var metrics = new ValidationMetrics(Api);
        var token = ValidToken();
        await AssertAcceptedAsync(token);
        await AssertAcceptedAsync(token);
        await AssertAcceptedAsync(token);
        Assert.Equal(1, metrics.Validations("valid", cached: false));
        Assert.Equal(2, metrics.Validations("valid", cached: true));
    }

    [Fact(DisplayName = "Cache: a token whose exp plus skew has passed is a miss and is removed")]
    public void ExpiredEntry_Miss()
    {
        var cache = new ValidatedTokenCache(10);
        var keys = new VerificationKeySet([]);
        cache.Add("t", Entry(keys, Now0.AddSeconds(10)), Now0);
        Assert.True(cache.TryGet("t", Now0.AddSeconds(9), keys, out _));
        Assert.False(cache.TryGet("t", Now0.AddSeconds(10), keys, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact(DisplayName = "Cache: an entry verified against an older key set is a miss")]
    public void OtherKeySet_Miss()
    {
        var cache = new ValidatedTokenCache(10);
        var keys = new VerificationKeySet([]);
        cache.Add("t", Entry(keys, Now0.AddMinutes(5)), Now0);
        Assert.False(cache.TryGet("t", Now0, new VerificationKeySet([]), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact(DisplayName = "Cache: lookups are ordinal on the exact token string")]
    public void Lookup_IsOrdinal()
    {
        var cache = new ValidatedTokenCache(10);
        var keys = new VerificationKeySet([]);
        cache.Add("abc", Entry(keys, Now0.AddMinutes(5)), Now0);
        Assert.False(cache.TryGet("ABC", Now0, keys, out _));
        Assert.True(cache.TryGet("abc", Now0, keys, out _));
    }

    [Fact(DisplayName = "Cache: never holds more than its capacity; expired entries go first")]
    public void Capacity_IsBounded()
    {
        var cache = new ValidatedTokenCache(100);
        var keys = new VerificationKeySet([]);
        for (var i = 0; i < 50; i++)
        {
            cache.Add("old" + i, Entry(keys, Now0.AddSeconds(1)), Now0);
        }

        for (var i = 0; i < 1000; i++)
        {
            cache.Add("new" + i, Entry(keys, Now0.AddMinutes(5)), Now0.AddSeconds(2));
            Assert.True(cache.Count <= 100);
        }

        Assert.False(cache.TryGet("old0", Now0, keys, out _));
        Assert.True(cache.TryGet("new999", Now0.AddSeconds(2), keys, out _));
    }

    [Fact(DisplayName = "Cache: size 0 disables caching")]
    public void ZeroCapacity_CachesNothing()
    {
        var cache = new ValidatedTokenCache(0);
        var keys = new VerificationKeySet([]);
        cache.Add("t", Entry(keys, Now0.AddMinutes(5)), Now0);
        Assert.False(cache.TryGet("t", Now0, keys, out _));
    }

    private static ValidatedToken Entry(VerificationKeySet keys, DateTimeOffset validUntil)
    {
        var token = new MandateAccessToken
        {
            AgentId = "a", ClientId = "a", Issuer = "i", Scopes = new HashSet<string>(), Audiences = [], JwtId = "j",
            ExpiresAt = validUntil, IssuedAt = Now0, Actors = [],
        };
        return new ValidatedToken(new MandateClaimsIdentity([new Claim("sub", "a")], "test", token), keys, validUntil.UtcTicks, null);
    }
}
