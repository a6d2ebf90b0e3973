using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="AgentStoreUpdateConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryAgentStoreUpdateConformanceTests : AgentStoreUpdateConformanceTests
{
    protected override IAgentStore CreateStore() => new InMemoryAgentStore();
}
