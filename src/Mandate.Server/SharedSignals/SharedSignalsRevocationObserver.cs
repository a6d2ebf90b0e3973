// Emits a SET for each stored revocation (the revocation log's observer hook, after the revocation is committed;
// nothing changes in the token path):
//   one token (jti)                 -> CAEP session-revoked, sub_id opaque {id: jti}
//   every token of an agent (mark)  -> CAEP session-revoked, sub_id iss_sub {iss: this server, sub: agent id},
//                                      reason_admin names the cause (suspend, decommission, rotate-secret, ...)
//   every token of a signing key    -> urn:mandate:secevent:event-type:signing-key-revoked, sub_id opaque {id: kid}
// txn is the revocation's feed sequence, so a receiver can match the SET with Mandate's revocation feed.
using System.Globalization;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsRevocationObserver(SecurityEventPublisher publisher, IssuerUris issuer, ILogger<SharedSignalsRevocationObserver> logger) : IRevocationObserver
{
    public async ValueTask OnRevokedAsync(RevocationEvent revocation, string? actorClientId, string reason, CancellationToken cancellationToken)
    {
        var transaction = "revocation-" + revocation.Sequence.ToString(CultureInfo.InvariantCulture);
        var securityEvent = revocation.Kind switch
        {
            RevocationKind.Token => new SecurityEvent(SharedSignalsNames.SessionRevoked, SubjectIdentifier.Opaque(revocation.Subject), revocation.At,
                writer => WriteReason(writer, reason), transaction),
            RevocationKind.AgentNotBefore => new SecurityEvent(SharedSignalsNames.SessionRevoked, SubjectIdentifier.IssuerSubject(issuer.Issuer, revocation.Subject), revocation.At,
                writer => WriteReason(writer, reason), transaction),
            RevocationKind.SigningKey => new SecurityEvent(SharedSignalsNames.SigningKeyRevoked, SubjectIdentifier.Opaque(revocation.Subject), revocation.At,
                writer => WriteReason(writer, reason), transaction),
            _ => null,
        };
        if (securityEvent is null)
        {
            return;
        }

        try
        {
            // Not cancellable: the revocation is stored; its events must follow.
            await publisher.PublishAsync(securityEvent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SharedSignalsLog.PublishFailed(logger, exception, securityEvent.Type);
        }
    }

    // CAEP 1.0 §2: initiating_entity (who caused it) and reason_admin (a language-tagged text for administrators).
    private static void WriteReason(System.Text.Json.Utf8JsonWriter writer, string reason)
    {
        writer.WriteString("initiating_entity", reason is "orphan-expired" or "orphan-unused" ? "policy" : "admin");
        writer.WriteStartObject("reason_admin");
        writer.WriteString("en", reason);
        writer.WriteEndObject();
    }
}
