using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="AuditStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryAuditStoreConformanceTests : AuditStoreConformanceTests
{
    protected override IAuditStore CreateStore() => new InMemoryAuditStore();
}
