using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="ServerSecretStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryServerSecretStoreConformanceTests : ServerSecretStoreConformanceTests
{
    protected override IServerSecretStore CreateStore() => new InMemoryServerSecretStore();
}
