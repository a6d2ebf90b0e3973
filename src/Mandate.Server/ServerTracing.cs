// ActivitySource("Mandate.Server"): one Internal activity per token request, a child of the ASP.NET Core request
// activity, or, when nothing listens to ASP.NET Core, of the caller's W3C traceparent header. While it runs it is
// Activity.Current, so the audit record's trace_id/span_id (AuditRequestContext) are this activity's. Tags hold
// identifiers only (client_id, agent id, jti, kid, grant type, error code), never a token or a secret.
// StartActivity returns null when no listener samples the source, so the cost is one check per request.
using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server;

/// <summary>The <c>Mandate.Server</c> activity source.</summary>
internal sealed class ServerTracing : IDisposable
{
    public const string SourceName = MandateServerTelemetry.ActivitySourceName;

    /// <summary>Name of the activity around one <c>POST /token</c>.</summary>
    public const string TokenRequestActivity = "mandate.server.token_request";

    public ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the token request activity, or returns null when nobody listens.</summary>
    public Activity? StartTokenRequest(HttpContext context)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        if (Activity.Current is null)
        {
            var traceParent = context.Request.Headers.TraceParent;
            if (traceParent.Count == 1 && ActivityContext.TryParse(traceParent[0], context.Request.Headers.TraceState, isRemote: true, out var parent))
            {
                return Source.StartActivity(TokenRequestActivity, ActivityKind.Server, parent);
            }
        }

        return Source.StartActivity(TokenRequestActivity, ActivityKind.Internal);
    }

    public static void Issued(Activity? activity, string grantType, string clientId, string agentId, string jti, string keyId)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mandate.outcome", "issued");
            activity.SetTag("oauth.grant_type", grantType);
            activity.SetTag("oauth.client_id", clientId);
            activity.SetTag("mandate.agent_id", agentId);
            activity.SetTag("mandate.token.jti", jti);
            activity.SetTag("mandate.token.kid", keyId);
        }
    }

    public static void Denied(Activity? activity, string error, string? clientId, string? grantType)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mandate.outcome", "denied");
            activity.SetTag("error.type", error);
            activity.SetTag("oauth.client_id", clientId);
            activity.SetTag("oauth.grant_type", grantType);
        }
    }

    public void Dispose() => Source.Dispose();
}
