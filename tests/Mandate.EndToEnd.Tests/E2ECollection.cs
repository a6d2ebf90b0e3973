namespace Mandate.EndToEnd.Tests;

/// <summary>Every end-to-end test class belongs here: they run one after another (see AssemblyInfo.cs).</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection
{
    public const string Name = "e2e";
}
