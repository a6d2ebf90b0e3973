using System.Collections.Concurrent;

namespace Mandate.Storage.InMemory;

/// <summary>A thread-safe, process-local <see cref="IClientRegistrationStore"/>; data is lost when the process exits.</summary>
public sealed class InMemoryClientRegistrationStore : IClientRegistrationStore
{
    private readonly ConcurrentDictionary<string, InitialAccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClientRegistration> _registrations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<bool> TryAddInitialAccessTokenAsync(InitialAccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_tokens.TryAdd(token.Id, Copy(token)));
    }

    /// <inheritdoc />
    public ValueTask<InitialAccessToken?> FindInitialAccessTokenAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_tokens.TryGetValue(id, out var token) ? Copy(token) : null);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<InitialAccessToken>> ListInitialAccessTokensAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<InitialAccessToken> list = [.. _tokens.Values
            .OrderBy(static t => t.CreatedAt.UtcTicks)
            .ThenBy(static t => t.Id, StringComparer.Ordinal)
            .Select(Copy)];
        return ValueTask.FromResult(list);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUseInitialAccessTokenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        while (_tokens.TryGetValue(id, out var current))
        {
            if (current.RevokedAt is not null || now >= current.ExpiresAt || current.Uses >= current.MaxUses)
            {
                return ValueTask.FromResult(false);
            }

            if (_tokens.TryUpdate(id, current with { Uses = current.Uses + 1 }, current))
            {
                return ValueTask.FromResult(true);
            }
        }

        return ValueTask.FromResult(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> RevokeInitialAccessTokenAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        while (_tokens.TryGetValue(id, out var current) && current.RevokedAt is null)
        {
            if (_tokens.TryUpdate(id, current with { RevokedAt = revokedAt }, current))
            {
                return ValueTask.FromResult(true);
            }
        }

        return ValueTask.FromResult(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAddRegistrationAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_registrations.TryAdd(registration.ClientId, Copy(registration)));
    }

    /// <inheritdoc />
    public ValueTask<ClientRegistration?> FindRegistrationAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_registrations.TryGetValue(clientId, out var registration) ? Copy(registration) : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryReplaceAsync(ClientRegistration registration, byte[] expectedHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(expectedHash);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_registrations.TryGetValue(registration.ClientId, out var current) || !current.AccessTokenHash.AsSpan().SequenceEqual(expectedHash))
        {
            return ValueTask.FromResult(false);
        }

        var replaced = current with { AccessTokenHash = [.. registration.AccessTokenHash], Metadata = registration.Metadata, UpdatedAt = registration.UpdatedAt };
        return ValueTask.FromResult(_registrations.TryUpdate(registration.ClientId, replaced, current));
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveRegistrationAsync(string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_registrations.TryRemove(clientId, out _));
    }

    // Byte arrays are mutable: the store keeps and hands out copies, as a database would.
    private static InitialAccessToken Copy(InitialAccessToken token) => token with { SecretHash = [.. token.SecretHash] };

    private static ClientRegistration Copy(ClientRegistration registration) => registration with { AccessTokenHash = [.. registration.AccessTokenHash] };
}
