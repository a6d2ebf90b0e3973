using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Runs <see cref="RateLimitStoreConformanceTests"/> over a SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteRateLimitStoreConformanceTests : RateLimitStoreConformanceTests, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override IRateLimitStore CreateStore(TimeProvider timeProvider) => new SqliteRateLimitStore(_directory.Open(), timeProvider);

    public void Dispose() => _directory.Dispose();
}
