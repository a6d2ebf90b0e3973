using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="AgentMonitoringStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteAgentMonitoringStoreConformanceTests : AgentMonitoringStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IAgentMonitoringStore CreateStore() => new SqliteAgentMonitoringStore(_directory.Open());

    [Fact]
    public async Task KnownNetworks_SurviveReopeningTheFile()
    {
        Assert.True(await Store.TryAddNetworkAsync("agt_1", "203.0.113.0/24", DateTimeOffset.UnixEpoch, default));

        var reopened = new SqliteAgentMonitoringStore(_directory.Open());

        Assert.False(await reopened.TryAddNetworkAsync("agt_1", "203.0.113.0/24", DateTimeOffset.UnixEpoch, default));
    }

    public void Dispose() => _directory.Dispose();
}
