namespace Mandate.Storage.Conformance;

/// <summary>
/// The <see cref="IClientRegistrationStore"/> contract: exact round trips, the atomic use count (expiry, revocation,
/// maximum uses), and the compare-and-swap rotation of registration access tokens.
/// </summary>
public abstract class ClientRegistrationStoreConformanceTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);

    private IClientRegistrationStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IClientRegistrationStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IClientRegistrationStore CreateStore();

    private static InitialAccessToken Token(string id, int? maxUses = null, DateTimeOffset? created = null) => new()
    {
        Id = id,
        SecretHash = [1, 2, 3, 4, 5, 6, 7, 8],
        Scopes = ["tools:read", "tools:write"],
        Audiences = ["https://mcp.example/mcp"],
        GrantTypes = ["client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"],
        Owner = "alice@example.com",
        ExpiresAt = Created.AddHours(1),
        MaxUses = maxUses,
        CreatedAt = created ?? Created,
        CreatedBy = "agt_admin",
    };

    private static ClientRegistration Registration(string clientId, byte[] hash) => new()
    {
        ClientId = clientId,
        AccessTokenHash = hash,
        Metadata = """{"software_id":"mcp-agent","contacts":["alice@example.com"]}""",
        InitialAccessTokenId = "iat_1",
        CreatedAt = Created,
        UpdatedAt = Created,
    };

    [Fact]
    public async Task TryAddInitialAccessTokenAsync_ThenFind_RoundTripsEveryField()
    {
        var token = Token("iat_1", maxUses: 3);

        Assert.True(await Store.TryAddInitialAccessTokenAsync(token, default));

        var read = await Store.FindInitialAccessTokenAsync("iat_1", default);
        Assert.NotNull(read);
        Assert.Equal(token.SecretHash, read.SecretHash);
        Assert.Equal(token.Scopes, read.Scopes);
        Assert.Equal(token.Audiences, read.Audiences);
        Assert.Equal(token.GrantTypes, read.GrantTypes);
        Assert.Equal(token.Owner, read.Owner);
        Assert.Equal(token.ExpiresAt, read.ExpiresAt);
        Assert.Equal(3, read.MaxUses);
        Assert.Equal(0, read.Uses);
        Assert.Equal(token.CreatedAt, read.CreatedAt);
        Assert.Equal("agt_admin", read.CreatedBy);
        Assert.Null(read.RevokedAt);
    }

    [Fact]
    public async Task TryAddInitialAccessTokenAsync_TakenId_ReturnsFalseAndKeepsTheFirst()
    {
        Assert.True(await Store.TryAddInitialAccessTokenAsync(Token("iat_1"), default));

        Assert.False(await Store.TryAddInitialAccessTokenAsync(Token("iat_1", maxUses: 1) with { Owner = null }, default));

        var read = await Store.FindInitialAccessTokenAsync("iat_1", default);
        Assert.Equal("alice@example.com", read!.Owner);
        Assert.Null(read.MaxUses);
    }

    [Fact]
    public async Task FindInitialAccessTokenAsync_UnknownId_ReturnsNull() =>
        Assert.Null(await Store.FindInitialAccessTokenAsync("iat_missing", default));

    [Fact]
    public async Task ListInitialAccessTokensAsync_OrdersByCreationThenId()
    {
        await Store.TryAddInitialAccessTokenAsync(Token("iat_b", created: Created.AddMinutes(1)), default);
        await Store.TryAddInitialAccessTokenAsync(Token("iat_c"), default);
        await Store.TryAddInitialAccessTokenAsync(Token("iat_a", created: Created.AddMinutes(1)), default);

        var list = await Store.ListInitialAccessTokensAsync(default);

        Assert.Equal(["iat_c", "iat_a", "iat_b"], list.Select(t => t.Id));
    }

    [Fact]
    public async Task TryUseInitialAccessTokenAsync_CountsUsesUpToTheMaximum()
    {
        await Store.TryAddInitialAccessTokenAsync(Token("iat_1", maxUses: 2), default);

        Assert.True(await Store.TryUseInitialAccessTokenAsync("iat_1", Created, default));
        Assert.True(await Store.TryUseInitialAccessTokenAsync("iat_1", Created, default));
        Assert.False(await Store.TryUseInitialAccessTokenAsync("iat_1", Created, default));

        Assert.Equal(2, (await Store.FindInitialAccessTokenAsync("iat_1", default))!.Uses);
    }

    [Fact]
    public async Task TryUseInitialAccessTokenAsync_NoMaximum_CountsEveryUse()
    {
        await Store.TryAddInitialAccessTokenAsync(Token("iat_1"), default);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await Store.TryUseInitialAccessTokenAsync("iat_1", Created, default));
        }

        Assert.Equal(5, (await Store.FindInitialAccessTokenAsync("iat_1", default))!.Uses);
    }

    [Fact]
    public async Task TryUseInitialAccessTokenAsync_AtOrAfterExpiry_ReturnsFalse()
    {
        await Store.TryAddInitialAccessTokenAsync(Token("iat_1"), default);

        Assert.True(await Store.TryUseInitialAccessTokenAsync("iat_1", Created.AddHours(1).AddTicks(-1), default));
        Assert.False(await Store.TryUseInitialAccessTokenAsync("iat_1", Created.AddHours(1), default));
        Assert.Equal(1, (await Store.FindInitialAccessTokenAsync("iat_1", default))!.Uses);
    }

    [Fact]
    public async Task TryUseInitialAccessTokenAsync_RevokedOrUnknown_ReturnsFalse()
    {
        await Store.TryAddInitialAccessTokenAsync(Token("iat_1"), default);
        Assert.True(await Store.RevokeInitialAccessTokenAsync("iat_1", Created.AddMinutes(5), default));

        Assert.False(await Store.TryUseInitialAccessTokenAsync("iat_1", Created, default));
        Assert.False(await Store.TryUseInitialAccessTokenAsync("iat_missing", Created, default));
    }

    [Fact]
    public async Task TryUseInitialAccessTokenAsync_Concurrent_NeverExceedsTheMaximum()
    {
        await Store.TryAddInitialAccessTokenAsync(Token("iat_1", maxUses: 5), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Store.TryUseInitialAccessTokenAsync("iat_1", Created, default).AsTask()));

        Assert.Equal(5, results.Count(r => r));
        Assert.Equal(5, (await Store.FindInitialAccessTokenAsync("iat_1", default))!.Uses);
    }

    [Fact]
    public async Task RevokeInitialAccessTokenAsync_RecordsTheTimeOnce()
    {
        await Store.TryAddInitialAccessTokenAsync(Token("iat_1"), default);

        Assert.True(await Store.RevokeInitialAccessTokenAsync("iat_1", Created.AddMinutes(5), default));
        Assert.False(await Store.RevokeInitialAccessTokenAsync("iat_1", Created.AddMinutes(9), default));
        Assert.False(await Store.RevokeInitialAccessTokenAsync("iat_missing", Created, default));

        Assert.Equal(Created.AddMinutes(5), (await Store.FindInitialAccessTokenAsync("iat_1", default))!.RevokedAt);
    }

    [Fact]
    public async Task TryAddRegistrationAsync_ThenFind_RoundTripsAndRefusesADuplicate()
    {
        Assert.True(await Store.TryAddRegistrationAsync(Registration("agt_1", [9, 9, 9]), default));
        Assert.False(await Store.TryAddRegistrationAsync(Registration("agt_1", [7, 7, 7]), default));

        var read = await Store.FindRegistrationAsync("agt_1", default);
        Assert.NotNull(read);
        Assert.Equal(new byte[] { 9, 9, 9 }, read.AccessTokenHash);
        Assert.Equal("""{"software_id":"mcp-agent","contacts":["alice@example.com"]}""", read.Metadata);
        Assert.Equal("iat_1", read.InitialAccessTokenId);
        Assert.Equal(Created, read.CreatedAt);
        Assert.Equal(Created, read.UpdatedAt);
        Assert.Null(await Store.FindRegistrationAsync("agt_missing", default));
    }

    [Fact]
    public async Task TryReplaceAsync_MatchingHash_ReplacesTokenAndMetadataOnce()
    {
        await Store.TryAddRegistrationAsync(Registration("agt_1", [1, 1]), default);
        var update = Registration("agt_1", [2, 2]) with { Metadata = "{}", InitialAccessTokenId = "iat_other", CreatedAt = Created.AddDays(1), UpdatedAt = Created.AddMinutes(1) };

        Assert.True(await Store.TryReplaceAsync(update, [1, 1], default));
        Assert.False(await Store.TryReplaceAsync(update with { AccessTokenHash = [3, 3] }, [1, 1], default));
        Assert.False(await Store.TryReplaceAsync(update with { ClientId = "agt_missing" }, [2, 2], default));

        var read = await Store.FindRegistrationAsync("agt_1", default);
        Assert.Equal(new byte[] { 2, 2 }, read!.AccessTokenHash);
        Assert.Equal("{}", read.Metadata);
        Assert.Equal(Created.AddMinutes(1), read.UpdatedAt);
        Assert.Equal(Created, read.CreatedAt);
        Assert.Equal("iat_1", read.InitialAccessTokenId);
    }

    [Fact]
    public async Task RemoveRegistrationAsync_RemovesOnce()
    {
        await Store.TryAddRegistrationAsync(Registration("agt_1", [1]), default);

        Assert.True(await Store.RemoveRegistrationAsync("agt_1", default));
        Assert.False(await Store.RemoveRegistrationAsync("agt_1", default));
        Assert.Null(await Store.FindRegistrationAsync("agt_1", default));
    }
}
