namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="ITrustedIssuerStore"/> contract: unique names, exact round trip, ordered list, remove.</summary>
public abstract class TrustedIssuerStoreConformanceTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 18, 0, 0, TimeSpan.Zero);

    private ITrustedIssuerStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected ITrustedIssuerStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract ITrustedIssuerStore CreateStore();

    private static TrustedIssuer Full(string name) => new()
    {
        Name = name,
        Issuer = "https://token.actions.githubusercontent.com",
        JwksUri = "https://token.actions.githubusercontent.com/.well-known/jwks",
        Audiences = ["https://mandate.example", "https://mandate.example/token"],
        SubjectClaim = "sub",
        MapsToAgentId = "agt_ci",
        AllowedSubjects = ["repo:org/repo:ref:refs/heads/main", "repo:org/other:*"],
        GrantableScopes = ["deploy:write"],
        MaxTokenLifetime = TimeSpan.FromMinutes(3),
        MaxAssertionLifetime = TimeSpan.FromMinutes(7),
        RequireJwtId = false,
        CreatedAt = Created,
    };

    [Fact]
    public async Task TryAddAsync_ThenGet_RoundTripsEveryField()
    {
        var issuer = Full("github");

        Assert.True(await Store.TryAddAsync(issuer, default));

        var read = await Store.GetAsync("github", default);
        Assert.NotNull(read);
        Assert.Equal(issuer.Issuer, read.Issuer);
        Assert.Equal(issuer.JwksUri, read.JwksUri);
        Assert.Null(read.Jwks);
        Assert.Equal(issuer.Audiences, read.Audiences);
        Assert.Equal(issuer.SubjectClaim, read.SubjectClaim);
        Assert.Equal(issuer.MapsToAgentId, read.MapsToAgentId);
        Assert.Equal(issuer.AllowedSubjects, read.AllowedSubjects);
        Assert.Equal(issuer.GrantableScopes, read.GrantableScopes);
        Assert.Equal(issuer.MaxTokenLifetime, read.MaxTokenLifetime);
        Assert.Equal(issuer.MaxAssertionLifetime, read.MaxAssertionLifetime);
        Assert.False(read.RequireJwtId);
        Assert.Equal(issuer.CreatedAt, read.CreatedAt);
    }

    [Fact]
    public async Task TryAddAsync_StaticJwksAndDefaults_RoundTrip()
    {
        var issuer = new TrustedIssuer { Name = "spire", Issuer = "https://spire.corp.example", Jwks = "{\"keys\":[]}", CreatedAt = Created };

        Assert.True(await Store.TryAddAsync(issuer, default));

        var read = await Store.GetAsync("spire", default);
        Assert.NotNull(read);
        Assert.Equal("{\"keys\":[]}", read.Jwks);
        Assert.Null(read.JwksUri);
        Assert.Null(read.MapsToAgentId);
        Assert.Empty(read.Audiences);
        Assert.Empty(read.AllowedSubjects);
        Assert.Empty(read.GrantableScopes);
        Assert.Equal("sub", read.SubjectClaim);
        Assert.True(read.RequireJwtId);
    }

    [Fact]
    public async Task TryAddAsync_TakenName_ReturnsFalseAndKeepsTheFirst()
    {
        Assert.True(await Store.TryAddAsync(Full("github"), default));

        Assert.False(await Store.TryAddAsync(Full("github") with { Issuer = "https://other.example" }, default));

        Assert.Equal("https://token.actions.githubusercontent.com", (await Store.GetAsync("github", default))!.Issuer);
    }

    [Fact]
    public async Task TryAddAsync_SameIssuerUnderTwoNames_BothKept()
    {
        Assert.True(await Store.TryAddAsync(Full("github-main"), default));
        Assert.True(await Store.TryAddAsync(Full("github-other") with { MapsToAgentId = "agt_other" }, default));

        Assert.Equal(2, (await Store.ListAsync(default)).Count);
    }

    [Fact]
    public async Task ListAsync_OrderedByName()
    {
        await Store.TryAddAsync(Full("zeta"), default);
        await Store.TryAddAsync(Full("alpha"), default);
        await Store.TryAddAsync(Full("Mid"), default);

        var names = (await Store.ListAsync(default)).Select(i => i.Name).ToArray();

        Assert.Equal(["Mid", "alpha", "zeta"], names);
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync("nobody", default));
    }

    [Fact]
    public async Task RemoveAsync_Existing_RemovesOnce()
    {
        await Store.TryAddAsync(Full("github"), default);

        Assert.True(await Store.RemoveAsync("github", default));
        Assert.False(await Store.RemoveAsync("github", default));
        Assert.Null(await Store.GetAsync("github", default));
        Assert.Empty(await Store.ListAsync(default));
    }
}
