namespace Mandate.Console.Tests;

/// <summary>
/// The browser tests share one headless Chromium and run one after another: several browsers navigating at once
/// beside the other test projects starved each other on a 2-core CI machine (navigations that never completed).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Chromium";
}
