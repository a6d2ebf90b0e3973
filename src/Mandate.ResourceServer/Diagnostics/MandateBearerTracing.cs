// ActivitySource("Mandate.ResourceServer"): one Internal activity per token validation, a child of the ASP.NET Core
// request activity (which carries the caller's W3C traceparent). Tags: identifiers only (jti, kid, client_id, sub),
// the result and the delegation depth; never the token. StartActivity returns null when nobody listens.
using System.Diagnostics;

namespace Mandate.ResourceServer.Diagnostics;

internal sealed class MandateBearerTracing : IDisposable
{
    /// <summary>Name of the activity around one token validation.</summary>
    public const string ValidateActivity = "mandate.resource_server.validate_token";

    public ActivitySource Source { get; } = new(MandateBearerDefaults.ActivitySourceName);

    public Activity? StartValidation() => Source.HasListeners() ? Source.StartActivity(ValidateActivity, ActivityKind.Internal) : null;

    public static void Validated(Activity? activity, MandateAccessToken token, string? keyId, bool fromCache)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mandate.result", Usage.MandateUsageResults.Valid);
            activity.SetTag("mandate.token.cached", fromCache);
            activity.SetTag("mandate.token.jti", token.JwtId);
            activity.SetTag("mandate.token.kid", keyId);
            activity.SetTag("oauth.client_id", token.ClientId);
            activity.SetTag("mandate.agent_id", token.AgentId);
            activity.SetTag("mandate.delegation.depth", token.Actors.Count);
        }
    }

    public static void Rejected(Activity? activity, string result, string? keyId, string? jwtId)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mandate.result", result);
            activity.SetTag("mandate.token.kid", keyId);
            activity.SetTag("mandate.token.jti", jwtId);
        }
    }

    public void Dispose() => Source.Dispose();
}
