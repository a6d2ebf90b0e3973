namespace Mandate.Cluster.Tests;

/// <summary>Every cluster test class shares one <see cref="ClusterFixture"/> (one PostgreSQL, three nodes).</summary>
[CollectionDefinition(ClusterFixture.Collection)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;
