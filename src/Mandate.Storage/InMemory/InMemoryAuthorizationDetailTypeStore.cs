namespace Mandate.Storage.InMemory;

/// <summary>A thread-safe, process-local <see cref="IAuthorizationDetailTypeStore"/>.</summary>
public sealed class InMemoryAuthorizationDetailTypeStore : IAuthorizationDetailTypeStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AuthorizationDetailType[]> _types = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuthorizationDetailType>> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<AuthorizationDetailType>>(_types.TryGetValue(agentId, out var types) ? types : []);
        }
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string agentId, IReadOnlyList<AuthorizationDetailType> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(types);
        var copy = types.Select(Copy).OrderBy(t => t.Type, StringComparer.Ordinal).ToArray();
        lock (_gate)
        {
            if (copy.Length == 0)
            {
                _types.Remove(agentId);
            }
            else
            {
                _types[agentId] = copy;
            }
        }

        return ValueTask.CompletedTask;
    }

    // A deep copy, so a caller changing its lists afterwards does not change the store.
    private static AuthorizationDetailType Copy(AuthorizationDetailType type) => type with
    {
        Fields = [.. type.Fields],
        AllowedValues = type.AllowedValues.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value], StringComparer.Ordinal),
    };
}
