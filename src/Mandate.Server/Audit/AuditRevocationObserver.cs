using System.Globalization;
using Mandate.Server.Revocation;
using Mandate.Storage;

namespace Mandate.Server.Audit;

/// <summary>
/// Writes a <c>token.revoked</c> (one token), <c>agent.tokens_revoked</c> (a not-before mark) or
/// <c>key.revoked</c> record for every stored revocation. Awaited, so a revocation that returned is on
/// record; a failed audit commit is reported by <see cref="RevocationService"/>'s observer log.
/// </summary>
internal sealed class AuditRevocationObserver(IAuditSink sink) : IRevocationObserver
{
    public async ValueTask OnRevokedAsync(RevocationEvent revocation, string? actorClientId, string reason, CancellationToken cancellationToken)
    {
        var record = new AuditRecord
        {
            Timestamp = revocation.At,
            Type = revocation.Kind switch
            {
                RevocationKind.Token => AuditEventTypes.TokenRevoked,
                RevocationKind.AgentNotBefore => AuditEventTypes.AgentTokensRevoked,
                _ => AuditEventTypes.KeyRevoked,
            },
            TokenId = revocation.Kind == RevocationKind.Token ? revocation.Subject : null,
            AgentId = revocation.Kind == RevocationKind.AgentNotBefore ? revocation.Subject : null,
            KeyId = revocation.Kind == RevocationKind.SigningKey ? revocation.Subject : null,
            ClientId = actorClientId,
            Reason = reason,
            Details = "{\"sequence\":" + revocation.Sequence.ToString(CultureInfo.InvariantCulture) + "}",
        };
        await sink.WriteAsync(record, cancellationToken).ConfigureAwait(false);
    }
}
