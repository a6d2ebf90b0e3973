using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="RefreshTokenStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryRefreshTokenStoreConformanceTests : RefreshTokenStoreConformanceTests
{
    protected override IRefreshTokenStore CreateStore() => new InMemoryRefreshTokenStore();
}
