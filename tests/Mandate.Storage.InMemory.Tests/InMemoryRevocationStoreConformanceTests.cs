using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="RevocationStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryRevocationStoreConformanceTests : RevocationStoreConformanceTests
{
    protected override IRevocationStore CreateStore() => new InMemoryRevocationStore();
}
