using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="RateLimitStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryRateLimitStoreConformanceTests : RateLimitStoreConformanceTests
{
    protected override IRateLimitStore CreateStore(TimeProvider timeProvider) => new InMemoryRateLimitStore(timeProvider);
}
