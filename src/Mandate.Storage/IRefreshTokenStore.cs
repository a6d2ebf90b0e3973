namespace Mandate.Storage;

/// <summary>
/// Refresh-token families (RFC 6749 §6) with rotation on every use and reuse detection (RFC 9700 §4.14.2).
/// Only keyed hashes of token values are stored.
/// </summary>
public interface IRefreshTokenStore
{
    /// <summary>Stores the first token of a new family.</summary>
    ValueTask CreateAsync(RefreshTokenRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the first token of a new family unless the client (<see cref="RefreshTokenRecord.ClientId"/>) already has
    /// <paramref name="maxLiveFamilies"/> live families at <paramref name="now"/>. A family is live while its active
    /// token is unexpired: revoked, fully rotated-out and expired families do not count. The count and the insert are
    /// one atomic step, so processes sharing the store cannot together exceed the limit.
    /// </summary>
    /// <param name="record">The first token of the family.</param>
    /// <param name="maxLiveFamilies">At least 1.</param>
    /// <param name="now">The instant at which liveness is judged.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<RefreshFamilyAdmission> TryCreateFamilyAsync(RefreshTokenRecord record, int maxLiveFamilies, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The number of live families (see <see cref="TryCreateFamilyAsync"/>) of <paramref name="clientId"/> at <paramref name="now"/>.</summary>
    ValueTask<int> CountLiveFamiliesAsync(string clientId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The record with this hash in any state, or null.</summary>
    ValueTask<RefreshTokenRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Atomic compare-and-swap: when the token <paramref name="currentHash"/> is still
    /// <see cref="RefreshTokenState.Active"/>, marks it <see cref="RefreshTokenState.Rotated"/> and stores
    /// <paramref name="next"/>, as one step; otherwise changes nothing. Of two concurrent calls with the same
    /// <paramref name="currentHash"/>, on this or any process sharing the store, at most one returns true.
    /// </summary>
    ValueTask<bool> TryRotateAsync(string currentHash, RefreshTokenRecord next, CancellationToken cancellationToken);

    /// <summary>Marks every token of the family <see cref="RefreshTokenState.Revoked"/> and returns all of its records
    /// (after the change), so the caller can revoke the access tokens issued from it.</summary>
    ValueTask<IReadOnlyList<RefreshTokenRecord>> RevokeFamilyAsync(string familyId, CancellationToken cancellationToken);

    /// <summary>Revokes every family whose client or subject is <paramref name="agentId"/>.</summary>
    /// <returns>The number of records changed.</returns>
    ValueTask<int> RevokeByAgentAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>Revokes every family exchanged from the token <paramref name="parentJti"/>.</summary>
    /// <returns>The number of records changed.</returns>
    ValueTask<int> RevokeByParentAsync(string parentJti, CancellationToken cancellationToken);

    /// <summary>Deletes every record whose <see cref="RefreshTokenRecord.FamilyExpiresAt"/> is at or before <paramref name="now"/>.</summary>
    /// <returns>The number of records deleted.</returns>
    ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
