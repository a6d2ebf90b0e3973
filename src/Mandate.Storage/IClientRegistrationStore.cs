namespace Mandate.Storage;

/// <summary>
/// Persistence of dynamic client registration (RFC 7591, RFC 7592): the operator's initial access tokens and each
/// registered client's registration access token hash. Implementations are thread-safe; the use count and the
/// token rotation are atomic, so concurrent requests cannot exceed <see cref="InitialAccessToken.MaxUses"/> or both
/// rotate one registration access token.
/// </summary>
public interface IClientRegistrationStore
{
    /// <summary>Adds <paramref name="token"/>. Returns false when its id is taken (nothing changes).</summary>
    ValueTask<bool> TryAddInitialAccessTokenAsync(InitialAccessToken token, CancellationToken cancellationToken);

    /// <summary>The initial access token with this id, or null.</summary>
    ValueTask<InitialAccessToken?> FindInitialAccessTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every initial access token, ordered by creation time, then id (ordinal).</summary>
    ValueTask<IReadOnlyList<InitialAccessToken>> ListInitialAccessTokensAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Counts one registration with the token when, at <paramref name="now"/>, it is not revoked, not expired
    /// (<c>now &lt; ExpiresAt</c>) and below its <see cref="InitialAccessToken.MaxUses"/>. Returns false otherwise
    /// (nothing changes), and for an unknown id.
    /// </summary>
    ValueTask<bool> TryUseInitialAccessTokenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the token revoked at <paramref name="revokedAt"/>. Returns false when it is unknown or already revoked.</summary>
    ValueTask<bool> RevokeInitialAccessTokenAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>Adds the registration of a new client. Returns false when one exists for its client id (nothing changes).</summary>
    ValueTask<bool> TryAddRegistrationAsync(ClientRegistration registration, CancellationToken cancellationToken);

    /// <summary>The registration of <paramref name="clientId"/>, or null.</summary>
    ValueTask<ClientRegistration?> FindRegistrationAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored <see cref="ClientRegistration.AccessTokenHash"/>, <see cref="ClientRegistration.Metadata"/>
    /// and <see cref="ClientRegistration.UpdatedAt"/> with those of <paramref name="registration"/> when the stored hash
    /// of its client id equals <paramref name="expectedHash"/> (the creation time and initial access token stay).
    /// Returns false on a mismatch or an unknown client id.
    /// </summary>
    ValueTask<bool> TryReplaceAsync(ClientRegistration registration, byte[] expectedHash, CancellationToken cancellationToken);

    /// <summary>Removes the registration. Returns false when none existed.</summary>
    ValueTask<bool> RemoveRegistrationAsync(string clientId, CancellationToken cancellationToken);
}
