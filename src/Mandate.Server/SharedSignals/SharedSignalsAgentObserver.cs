// Emits a SET for each agent lifecycle change (the agent service's observer hook, after the change is stored),
// with the agent as sub_id iss_sub {iss: this server, sub: agent id}:
//   suspend, orphan-expired, orphan-unused  -> RISC account-disabled
//   resume                                  -> RISC account-enabled
//   decommission                            -> RISC account-purged
//   rotate-secret(-revoke-tokens)           -> CAEP credential-change {credential_type client_secret, change_type update}
// The token revocations these changes cause are sent separately, as session-revoked (SharedSignalsRevocationObserver).
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsAgentObserver(SecurityEventPublisher publisher, IssuerUris issuer, TimeProvider timeProvider, ILogger<SharedSignalsAgentObserver> logger) : IAgentLifecycleObserver
{
    public async ValueTask OnAgentChangedAsync(Agent agent, string action, string? actorClientId, CancellationToken cancellationToken)
    {
        var type = action switch
        {
            "suspend" or "orphan-expired" or "orphan-unused" => SharedSignalsNames.AccountDisabled,
            "resume" => SharedSignalsNames.AccountEnabled,
            "decommission" => SharedSignalsNames.AccountPurged,
            "rotate-secret" or "rotate-secret-revoke-tokens" => SharedSignalsNames.CredentialChange,
            _ => null,
        };
        if (type is null)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var securityEvent = new SecurityEvent(type, SubjectIdentifier.IssuerSubject(issuer.Issuer, agent.Id), now, writer =>
        {
            if (type == SharedSignalsNames.CredentialChange)
            {
                // CAEP 1.0 §3.3: credential_type and change_type are REQUIRED; client_secret is agreed in docs/ssf.md.
                writer.WriteString("credential_type", "client_secret");
                writer.WriteString("change_type", "update");
            }
            else
            {
                writer.WriteStartObject("reason_admin");
                writer.WriteString("en", action);
                writer.WriteEndObject();
            }
        }, "agent-" + agent.Id + "-" + now.ToUnixTimeMilliseconds());
        try
        {
            await publisher.PublishAsync(securityEvent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SharedSignalsLog.PublishFailed(logger, exception, type);
        }
    }
}
