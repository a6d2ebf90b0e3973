namespace Mandate.Storage;

/// <summary>The RFC 9396 authorization details types registered per agent (kept apart from the core agent record).</summary>
public interface IAuthorizationDetailTypeStore
{
    /// <summary>The types registered for <paramref name="agentId"/>, ordered by type; empty when none.</summary>
    ValueTask<IReadOnlyList<AuthorizationDetailType>> GetAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>Replaces every type registered for <paramref name="agentId"/> with <paramref name="types"/>, atomically;
    /// an empty list removes them all.</summary>
    ValueTask SetAsync(string agentId, IReadOnlyList<AuthorizationDetailType> types, CancellationToken cancellationToken);
}
