using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="DelegationLinkStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryDelegationLinkStoreConformanceTests : DelegationLinkStoreConformanceTests
{
    protected override IDelegationLinkStore CreateStore() => new InMemoryDelegationLinkStore();
}
