using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="StatusListStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryStatusListStoreConformanceTests : StatusListStoreConformanceTests
{
    protected override IStatusListStore CreateStore() => new InMemoryStatusListStore();
}
