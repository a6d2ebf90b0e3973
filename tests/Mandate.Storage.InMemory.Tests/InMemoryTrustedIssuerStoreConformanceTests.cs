using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="TrustedIssuerStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryTrustedIssuerStoreConformanceTests : TrustedIssuerStoreConformanceTests
{
    protected override ITrustedIssuerStore CreateStore() => new InMemoryTrustedIssuerStore();
}
