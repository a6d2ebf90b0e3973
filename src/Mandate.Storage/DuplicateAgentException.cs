namespace Mandate.Storage;

/// <summary>Thrown by <see cref="IAgentStore.CreateAsync"/> when the id is already taken.</summary>
public sealed class DuplicateAgentException(string id)
    : InvalidOperationException($"An agent with id '{id}' already exists.")
{
    /// <summary>The id that was taken.</summary>
    public string Id { get; } = id;
}
