namespace Mandate.Agent.Tests.Exchange;

public sealed class ExchangeCacheKeyTests
{
    private static readonly TokenExchangeRequest Plain = new() { Scope = "a" };

    [Fact]
    public void Create_SameRequest_SameKey()
    {
        Assert.Equal(ExchangeCacheKey.Create("s.t.u", "a.c.t", Plain), ExchangeCacheKey.Create("s.t.u", "a.c.t", new TokenExchangeRequest { Scope = "a" }));
    }

    [Fact]
    public void Create_FieldsAreLengthPrefixed_NoTwoSplitsOfTheSameTextCollide()
    {
        // "ab" + "c" and "a" + "bc" concatenate to the same text; the length prefixes keep them apart.
        Assert.NotEqual(ExchangeCacheKey.Create("ab", "c", Plain), ExchangeCacheKey.Create("a", "bc", Plain));
    }

    [Fact]
    public void Create_NoActorAndEmptyScope_DifferFromPresentValues()
    {
        Assert.NotEqual(ExchangeCacheKey.Create("s", null, Plain), ExchangeCacheKey.Create("s", "", Plain));
        Assert.NotEqual(ExchangeCacheKey.Create("s", null, new TokenExchangeRequest()), ExchangeCacheKey.Create("s", null, Plain));
        Assert.Equal(ExchangeCacheKey.Create("s", null, new TokenExchangeRequest()), ExchangeCacheKey.Create("s", null, new TokenExchangeRequest { Scope = "" }));
    }

    [Fact]
    public void Create_TargetAndTokenTypes_ArePartOfTheKey()
    {
        var key = ExchangeCacheKey.Create("s", null, Plain);

        Assert.NotEqual(key, ExchangeCacheKey.Create("s", null, new TokenExchangeRequest { Scope = "a", Resource = new Uri("https://api.example") }));
        Assert.NotEqual(key, ExchangeCacheKey.Create("s", null, new TokenExchangeRequest { Scope = "a", Audience = "api" }));
        Assert.NotEqual(key, ExchangeCacheKey.Create("s", null, new TokenExchangeRequest { Scope = "a", SubjectTokenType = "urn:ietf:params:oauth:token-type:jwt" }));
        Assert.NotEqual(key, ExchangeCacheKey.Create("s", null, new TokenExchangeRequest { Scope = "a", RequestedTokenType = "urn:ietf:params:oauth:token-type:jwt" }));
    }

    [Fact]
    public void ToString_OfKeyAndRequest_NeverShowsTokens()
    {
        var key = ExchangeCacheKey.Create("subject.secret.value", "actor.secret.value", Plain);

        Assert.DoesNotContain("secret", key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", new TokenExchangeRequest { ActorToken = "actor.secret.value" }.ToString(), StringComparison.Ordinal);
    }
}
