namespace Mandate.Storage.PostgreSql.Tests;

/// <summary>Every PostgreSQL test class shares one <see cref="PostgreSqlServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "PostgreSql";
}
