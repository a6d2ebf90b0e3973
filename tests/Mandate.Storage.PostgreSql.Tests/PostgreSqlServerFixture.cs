using Mandate.Testing;
using Npgsql;

namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>One throwaway PostgreSQL cluster for the whole test run (an xunit collection fixture).</summary>
public sealed class PostgreSqlServerFixture : IDisposable
{
    /// <summary>Starts the cluster; fails (never skips) when PostgreSQL is not installed.</summary>
    public PostgreSqlServerFixture() => Cluster = PostgreSqlCluster.Start();

    /// <summary>The running cluster.</summary>
    public PostgreSqlCluster Cluster { get; }

    /// <summary>Creates an empty schema of its own for one test; its databases see only that schema.</summary>
    public PostgreSqlTestSchema CreateSchema()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(Cluster.ConnectionString() + ";Pooling=false"))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {name};", connection);
            command.ExecuteNonQuery();
        }

        return new PostgreSqlTestSchema(Cluster.ConnectionString() + $";Search Path={name}", name);
    }

    /// <summary>Stops the cluster and deletes its folder.</summary>
    public void Dispose() => Cluster.Dispose();
}
