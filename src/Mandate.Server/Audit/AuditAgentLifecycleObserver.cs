using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.Audit;

/// <summary>
/// Writes an <c>admin.agent</c> record for every lifecycle change the server makes by itself (actor null):
/// the bootstrap admin at first start, orphan suspension, automatic suspension by an anomaly alert. Changes
/// made through the admin API are recorded by the endpoint, which also knows the admin's address.
/// </summary>
/// <remarks>
/// The bootstrap runs inside <see cref="MandateServerInitializer"/>, so the audit writer must already be
/// running then: <c>AddMandateServer</c> registers <see cref="GroupCommitAuditSink"/> as the first hosted service.
/// </remarks>
internal sealed class AuditAgentLifecycleObserver(IAuditSink sink, TimeProvider timeProvider, ILogger<AuditAgentLifecycleObserver> logger) : IAgentLifecycleObserver
{
    /// <summary>The <c>details</c> of a server-made change.</summary>
    public const string ServerActorDetails = "{\"actor\":\"server\"}";

    public async ValueTask OnAgentChangedAsync(Agent agent, string action, string? actorClientId, CancellationToken cancellationToken)
    {
        if (actorClientId is not null)
        {
            return;
        }

        try
        {
            await sink.WriteAsync(new AuditRecord
            {
                Timestamp = timeProvider.GetUtcNow(),
                Type = AuditEventTypes.AdminAgentChanged,
                AgentId = agent.Id,
                Reason = action,
                TraceId = System.Diagnostics.Activity.Current?.TraceId.ToHexString(),
                SpanId = System.Diagnostics.Activity.Current?.SpanId.ToHexString(),
                Details = ServerActorDetails,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnavailableException exception)
        {
            Log.AdminChangeNotAudited(logger, action, agent.Id, Faults.FaultText.Of(exception));
        }
    }
}
