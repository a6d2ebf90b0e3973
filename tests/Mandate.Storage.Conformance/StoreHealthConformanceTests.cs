namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IStoreHealth"/> contract: the write probe commits on a healthy store, again and again, and
/// exceptions that are not the provider's store faults are not classified as faults.</summary>
public abstract class StoreHealthConformanceTests
{
    private IStoreHealth? _health;

    /// <summary>The health probe under test, created once per test.</summary>
    protected IStoreHealth Health => LazyInitializer.EnsureInitialized(ref _health, CreateHealth);

    /// <summary>Creates the provider's health probe over an empty store.</summary>
    protected abstract IStoreHealth CreateHealth();

    [Fact]
    public async Task ProbeWriteAsync_HealthyStore_CommitsRepeatedly()
    {
        for (var i = 0; i < 3; i++)
        {
            await Health.ProbeWriteAsync(default);
        }
    }

    [Fact]
    public void Classify_NotAStoreFault_None()
    {
        Assert.Equal(StoreFault.None, Health.Classify(new InvalidOperationException("a defect")));
        Assert.Equal(StoreFault.None, Health.Classify(new ArgumentException("a caller error")));
    }
}
