using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="AgentMonitoringStoreConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryAgentMonitoringStoreConformanceTests : AgentMonitoringStoreConformanceTests
{
    protected override IAgentMonitoringStore CreateStore() => new InMemoryAgentMonitoringStore();
}
