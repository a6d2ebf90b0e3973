using Mandate.Storage.Conformance;
using Mandate.Storage.InMemory;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="StoreHealthConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryStoreHealthConformanceTests : StoreHealthConformanceTests
{
    protected override IStoreHealth CreateHealth() => new InMemoryStoreHealth();
}
