using Mandate.Storage.Conformance;
using Npgsql;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Runs <see cref="StoreHealthConformanceTests"/> over a fresh schema of the test run's PostgreSQL cluster, and
/// checks the SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html).</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStoreHealthConformanceTests(PostgreSqlServerFixture server) : StoreHealthConformanceTests, IDisposable
{
    private readonly PostgreSqlTestSchema _schema = server.CreateSchema();

    protected override IStoreHealth CreateHealth() => new PostgreSqlStoreHealth(_schema.Open());

    [Theory]
    [InlineData("08006", StoreFault.Unavailable)] // connection_failure
    [InlineData("53100", StoreFault.Unavailable)] // disk_full
    [InlineData("57P01", StoreFault.Unavailable)] // admin_shutdown
    [InlineData("25006", StoreFault.Unavailable)] // read_only_sql_transaction
    [InlineData("40001", StoreFault.Unavailable)] // serialization_failure
    [InlineData("XX001", StoreFault.Corrupt)]     // data_corrupted
    [InlineData("23505", StoreFault.None)]        // unique_violation: not a fault
    [InlineData("42601", StoreFault.None)]        // syntax_error: a defect
    public void Classify_SqlStates(string sqlState, StoreFault expected) =>
        Assert.Equal(expected, Health.Classify(new PostgresException("test", "ERROR", "ERROR", sqlState)));

    [Fact]
    public async Task ReadOnlySession_Write_ClassifiedUnavailable()
    {
        _ = Health; // migrates the schema (write_probe exists)
        await using var connection = new NpgsqlConnection(_schema.ConnectionString);
        await connection.OpenAsync();
        await using (var readOnly = new NpgsqlCommand("SET default_transaction_read_only = on", connection))
        {
            await readOnly.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("UPDATE write_probe SET probes = probes + 1 WHERE id = 1", connection);
        var thrown = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("25006", thrown.SqlState);
        Assert.Equal(StoreFault.Unavailable, Health.Classify(thrown));
    }

    public void Dispose() => _schema.Dispose();
}
