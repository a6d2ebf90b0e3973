using Mandate.Storage;
using Mandate.Storage.InMemory;

namespace Mandate.Server.Tests.Agents;

/// <summary>An in-memory agent store (with its change feed) that counts FindAsync calls and can hold them at a gate.</summary>
internal sealed class CountingAgentStore : IAgentStore, IAgentChangeFeed
{
    private readonly InMemoryAgentStore _inner = new();
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>When set, FindAsync of this id waits for <see cref="Gate"/> before answering.</summary>
    public string? GatedId { get; set; }

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        if (id == GatedId)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        return await _inner.FindAsync(id, cancellationToken);
    }

    public ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

    public ValueTask CreateAsync(Agent agent, CancellationToken cancellationToken) => _inner.CreateAsync(agent, cancellationToken);

    public ValueTask<bool> UpdateAsync(Agent agent, long expectedVersion, CancellationToken cancellationToken) => _inner.UpdateAsync(agent, expectedVersion, cancellationToken);

    public ValueTask TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed, CancellationToken cancellationToken) => _inner.TouchAsync(lastUsed, cancellationToken);

    public ValueTask<AgentChanges> ReadChangesAsync(long cursor, int limit, CancellationToken cancellationToken) => _inner.ReadChangesAsync(cursor, limit, cancellationToken);
}
