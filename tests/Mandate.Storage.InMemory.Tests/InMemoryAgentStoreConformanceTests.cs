using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="AgentStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryAgentStoreConformanceTests : AgentStoreConformanceTests
{
    protected override IAgentStore CreateStore() => new InMemoryAgentStore();
}
