using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="ReplayCacheConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteReplayCacheConformanceTests : ReplayCacheConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IReplayCache CreateCache(TimeProvider timeProvider) => new SqliteReplayCache(_directory.Open(), timeProvider);

    public void Dispose() => _directory.Dispose();
}
