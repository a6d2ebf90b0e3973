using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="AgentStorePagingConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryAgentStorePagingConformanceTests : AgentStorePagingConformanceTests
{
    protected override IAgentStore CreateStore() => new InMemoryAgentStore();
}
