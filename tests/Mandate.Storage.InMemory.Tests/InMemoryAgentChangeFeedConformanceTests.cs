using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="AgentChangeFeedConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryAgentChangeFeedConformanceTests : AgentChangeFeedConformanceTests
{
    protected override IAgentStore CreateStore() => new InMemoryAgentStore();
}
