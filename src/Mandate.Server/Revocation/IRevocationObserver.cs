using Mandate.Storage;

namespace Mandate.Server.Revocation;

/// <summary>
/// Told about every revocation after it is stored: the hook for the audit log (typed <c>TokenRevoked</c>,
/// <c>AgentTokensRevoked</c>, <c>SigningKeyRevoked</c> records). Register implementations with
/// <c>TryAddEnumerable</c>; none are registered by default. An observer that throws does not undo the revocation.
/// </summary>
public interface IRevocationObserver
{
    /// <summary>Called once per stored event.</summary>
    /// <param name="revocation">The stored event, with its feed sequence.</param>
    /// <param name="actorClientId">The client that caused it (the revoking client or the admin), or null for the server itself.</param>
    /// <param name="reason">Why, e.g. <c>revoke</c>, <c>suspend</c>, <c>decommission</c>, <c>rotate-secret</c>, <c>key-revoke</c>.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    ValueTask OnRevokedAsync(RevocationEvent revocation, string? actorClientId, string reason, CancellationToken cancellationToken);
}
