namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>Tests that share one running <c>mandate serve</c>; each creates its own agents.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServeFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "mandate serve";
}
