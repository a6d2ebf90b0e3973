using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="ClientRegistrationStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryClientRegistrationStoreConformanceTests : ClientRegistrationStoreConformanceTests
{
    protected override IClientRegistrationStore CreateStore() => new InMemoryClientRegistrationStore();
}
