using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="AgentStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteAgentStoreConformanceTests : AgentStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IAgentStore CreateStore() => new SqliteAgentStore(_directory.Open());

    public void Dispose() => _directory.Dispose();
}
