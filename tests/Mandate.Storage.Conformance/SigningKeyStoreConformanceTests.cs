namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="ISigningKeyStore"/> contract.</summary>
public abstract class SigningKeyStoreConformanceTests
{
    private ISigningKeyStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected ISigningKeyStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract ISigningKeyStore CreateStore();

    [Fact]
    public async Task ListAsync_Empty_ReturnsEmpty()
    {
        Assert.Empty(await Store.ListAsync(default));
    }

    [Fact]
    public async Task AddAsync_EveryField_RoundTripsWithTimesInUtc()
    {
        var key = TestData.SigningKey("kid-1", new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.FromHours(1)).AddTicks(11)) with
        {
            State = SigningKeyState.Retired,
            ActivatedAt = new DateTimeOffset(2030, 1, 2, 9, 0, 0, TimeSpan.FromHours(-8)),
            RetiredAt = new DateTimeOffset(2030, 1, 3, 9, 0, 0, TimeSpan.Zero).AddTicks(1),
        };

        await Store.AddAsync(key, default);

        AssertSameKey(key, Assert.Single(await Store.ListAsync(default)));
    }

    [Fact]
    public async Task AddAsync_DuplicateKeyId_ThrowsInvalidOperationAndKeepsOriginal()
    {
        await Store.AddAsync(TestData.SigningKey("kid-dup", TestData.Start), default);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () =>
            await Store.AddAsync(TestData.SigningKey("kid-dup", TestData.Start) with { Algorithm = "PS256" }, default));

        Assert.Equal("ES256", Assert.Single(await Store.ListAsync(default)).Algorithm);
    }

    [Fact]
    public async Task ListAsync_KeysAddedOutOfOrder_AreOrderedByCreationInstant()
    {
        await Store.AddAsync(TestData.SigningKey("k2", TestData.Start.AddDays(1).ToOffset(TimeSpan.FromHours(-9))), default);
        await Store.AddAsync(TestData.SigningKey("k3", TestData.Start.AddDays(2)), default);
        await Store.AddAsync(TestData.SigningKey("k1", TestData.Start.ToOffset(TimeSpan.FromHours(9))), default);

        Assert.Equal(["k1", "k2", "k3"], (await Store.ListAsync(default)).Select(k => k.KeyId));
    }

    [Fact]
    public async Task UpdateAsync_ExistingKey_ReplacesAndReturnsTrue()
    {
        var key = TestData.SigningKey("kid-u", TestData.Start);
        await Store.AddAsync(key, default);
        var activated = key with { State = SigningKeyState.Active, ActivatedAt = TestData.Start.AddHours(1) };

        Assert.True(await Store.UpdateAsync(activated, default));

        AssertSameKey(activated, Assert.Single(await Store.ListAsync(default)));
    }

    [Fact]
    public async Task UpdateAsync_UnknownKey_ReturnsFalseAndAddsNothing()
    {
        Assert.False(await Store.UpdateAsync(TestData.SigningKey("kid-none", TestData.Start), default));

        Assert.Empty(await Store.ListAsync(default));
    }

    [Fact]
    public async Task ListAsync_MutatingTheResult_DoesNotChangeTheStore()
    {
        await Store.AddAsync(TestData.SigningKey("kid-iso", TestData.Start), default);
        (await Store.ListAsync(default))[0].EncryptedPrivateKey[0] ^= 0xFF;

        Assert.Equal(
            TestData.SigningKey("kid-iso", TestData.Start).EncryptedPrivateKey,
            (await Store.ListAsync(default))[0].EncryptedPrivateKey);
    }

    [Fact]
    public async Task AddAsync_ConcurrentDistinctKeys_AllStored()
    {
        await TestData.RunInParallelAsync(20, async i =>
        {
            await Store.AddAsync(TestData.SigningKey("kid-" + i, TestData.Start.AddSeconds(i)), default);
            return i;
        });

        Assert.Equal(
            Enumerable.Range(0, 20).Select(i => "kid-" + i),
            (await Store.ListAsync(default)).Select(k => k.KeyId));
    }

    [Fact]
    public async Task TryAddPendingAsync_ExpectedKeyActiveAndNoPending_AddsIt()
    {
        await Store.AddAsync(TestData.SigningKey("k1", TestData.Start) with { State = SigningKeyState.Active }, default);

        Assert.True(await Store.TryAddPendingAsync(TestData.SigningKey("k2", TestData.Start.AddDays(1)), "k1", default));

        Assert.Equal(["k1", "k2"], (await Store.ListAsync(default)).Select(k => k.KeyId));
    }

    [Fact]
    public async Task TryAddPendingAsync_PendingKeyExists_AddsNothing()
    {
        await Store.AddAsync(TestData.SigningKey("k1", TestData.Start) with { State = SigningKeyState.Active }, default);
        await Store.AddAsync(TestData.SigningKey("k2", TestData.Start.AddDays(1)), default);

        Assert.False(await Store.TryAddPendingAsync(TestData.SigningKey("k3", TestData.Start.AddDays(2)), "k1", default));

        Assert.Equal(2, (await Store.ListAsync(default)).Count);
    }

    [Fact]
    public async Task TryAddPendingAsync_AnotherKeyActive_AddsNothing()
    {
        await Store.AddAsync(TestData.SigningKey("k1", TestData.Start) with { State = SigningKeyState.Retired }, default);
        await Store.AddAsync(TestData.SigningKey("k2", TestData.Start.AddDays(1)) with { State = SigningKeyState.Active }, default);

        Assert.False(await Store.TryAddPendingAsync(TestData.SigningKey("k3", TestData.Start.AddDays(2)), "k1", default));

        Assert.Equal(2, (await Store.ListAsync(default)).Count);
    }

    [Fact]
    public async Task TryAddPendingAsync_Concurrent_ExactlyOneAdded()
    {
        await Store.AddAsync(TestData.SigningKey("k0", TestData.Start) with { State = SigningKeyState.Active }, default);

        var results = await TestData.RunInParallelAsync(10, async i =>
            await Store.TryAddPendingAsync(TestData.SigningKey("kid-" + i, TestData.Start.AddSeconds(i + 1)), "k0", default));

        Assert.Single(results, added => added);
        Assert.Equal(2, (await Store.ListAsync(default)).Count);
    }

    [Fact]
    public async Task TryUpdateAsync_ExpectedState_ReplacesIt()
    {
        var key = TestData.SigningKey("kid-c", TestData.Start);
        await Store.AddAsync(key, default);
        var activated = key with { State = SigningKeyState.Active, ActivatedAt = TestData.Start.AddHours(1) };

        Assert.True(await Store.TryUpdateAsync(activated, SigningKeyState.Pending, default));

        AssertSameKey(activated, Assert.Single(await Store.ListAsync(default)));
    }

    [Fact]
    public async Task TryUpdateAsync_OtherState_ChangesNothing()
    {
        var key = TestData.SigningKey("kid-c", TestData.Start) with { State = SigningKeyState.Active };
        await Store.AddAsync(key, default);

        Assert.False(await Store.TryUpdateAsync(key with { State = SigningKeyState.Removed }, SigningKeyState.Pending, default));
        Assert.False(await Store.TryUpdateAsync(TestData.SigningKey("kid-none", TestData.Start), SigningKeyState.Pending, default));

        AssertSameKey(key, Assert.Single(await Store.ListAsync(default)));
    }

    /// <summary>Asserts every field is equal, times as UTC instants.</summary>
    protected static void AssertSameKey(SigningKeyRecord expected, SigningKeyRecord actual)
    {
        Assert.Equal(expected.KeyId, actual.KeyId);
        Assert.Equal(expected.Algorithm, actual.Algorithm);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.PublicJwk, actual.PublicJwk);
        Assert.Equal(expected.EncryptedPrivateKey, actual.EncryptedPrivateKey);
        TestData.AssertUtc(expected.CreatedAt, actual.CreatedAt);
        TestData.AssertUtc(expected.ActivatedAt, actual.ActivatedAt);
        TestData.AssertUtc(expected.RetiredAt, actual.RetiredAt);
    }
}
