using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="AuthorizationDetailTypeStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryAuthorizationDetailTypeStoreConformanceTests : AuthorizationDetailTypeStoreConformanceTests
{
    protected override IAuthorizationDetailTypeStore CreateStore() => new InMemoryAuthorizationDetailTypeStore();
}
