using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="StatusListBlockConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryStatusListBlockConformanceTests : StatusListBlockConformanceTests
{
    protected override IStatusListStore CreateStore() => new InMemoryStatusListStore();
}
