using Mandate.Storage.Conformance;

namespace Mandate.Storage.InMemory.Tests;

/// <summary>Runs <see cref="ReplayCacheConformanceTests"/> over the in-memory provider.</summary>
public sealed class InMemoryReplayCacheConformanceTests : ReplayCacheConformanceTests
{
    protected override IReplayCache CreateCache(TimeProvider timeProvider) => new InMemoryReplayCache(timeProvider);
}
