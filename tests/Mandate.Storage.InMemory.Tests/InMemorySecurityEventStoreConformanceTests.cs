using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="SecurityEventStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemorySecurityEventStoreConformanceTests : SecurityEventStoreConformanceTests
{
    protected override ISecurityEventStore CreateStore() => new InMemorySecurityEventStore();
}
