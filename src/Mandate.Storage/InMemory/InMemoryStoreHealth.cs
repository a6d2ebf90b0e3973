namespace Mandate.Storage.InMemory;

/// <summary>The in-memory stores are always writable and throw no store faults.</summary>
public sealed class InMemoryStoreHealth : IStoreHealth
{
    /// <inheritdoc />
    public ValueTask ProbeWriteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public StoreFault Classify(Exception exception) => StoreFault.None;
}
