using Mandate.Server.Audit;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>Writes <c>admin.agent</c> and <c>key</c> audit records for admin API changes.</summary>
internal static class AdminAudit
{
    /// <summary>
    /// Records that <paramref name="adminClientId"/> did <paramref name="action"/> to the agent
    /// <paramref name="agentId"/> (or key <paramref name="keyId"/>). The change already happened, so a
    /// failed commit is logged, not turned into an error response.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, string type, string adminClientId, string action, string? agentId = null, string? keyId = null)
    {
        var services = context.RequestServices;
        var request = AuditRequestContext.From(context);
        var record = new AuditRecord
        {
            Timestamp = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            Type = type,
            AgentId = agentId,
            ClientId = adminClientId,
            KeyId = keyId,
            Reason = action,
            ClientAddress = request.ClientAddress,
            UserAgent = request.UserAgent,
            TraceId = request.TraceId,
            SpanId = request.SpanId,
        };
        try
        {
            await services.GetRequiredService<IAuditSink>().WriteAsync(record, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AuditUnavailableException ex)
        {
            Log.AdminChangeNotAudited(services.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Admin"), action, agentId ?? keyId, Mandate.Server.Faults.FaultText.Of(ex));
        }
    }
}
