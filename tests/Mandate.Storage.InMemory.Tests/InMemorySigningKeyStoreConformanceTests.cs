using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="SigningKeyStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemorySigningKeyStoreConformanceTests : SigningKeyStoreConformanceTests
{
    protected override ISigningKeyStore CreateStore() => new InMemorySigningKeyStore();
}
