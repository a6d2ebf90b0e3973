using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="AgentChangeFeedConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteAgentChangeFeedConformanceTests : AgentChangeFeedConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IAgentStore CreateStore() => new SqliteAgentStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}
