// Logs every usage event (issue #7 item 6) as one structured line: who (client_id, sub, jti), what (method, route,
// scopes), the decision and its reason. Identifiers only, never the token. Join with `mandate audit` by jti.
using Mandate.ResourceServer.Usage;

internal sealed partial class UsageLogSink(ILogger<UsageLogSink> logger) : IMandateUsageSink
{
    public ValueTask OnUsageAsync(MandateUsageEvent usage, CancellationToken cancellationToken)
    {
        if (usage.Decision == MandateUsageDecision.Allowed)
        {
            Allowed(logger, usage.Method, usage.Route, usage.ClientId, usage.Subject, usage.JwtId, string.Join(' ', usage.Scopes), usage.DelegationDepth);
        }
        else
        {
            Refused(logger, usage.Method, usage.Route, usage.Result, usage.ClientId, usage.JwtId, string.Join(' ', usage.MissingScopes));
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(9000, LogLevel.Information, "usage allowed {Method} {Route} client_id={ClientId} sub={Subject} jti={JwtId} scope={Scope} delegation_depth={DelegationDepth}")]
    private static partial void Allowed(ILogger logger, string method, string? route, string? clientId, string? subject, string? jwtId, string scope, int delegationDepth);

    [LoggerMessage(9001, LogLevel.Information, "usage refused {Method} {Route} reason={Reason} client_id={ClientId} jti={JwtId} missing_scope={MissingScope}")]
    private static partial void Refused(ILogger logger, string method, string? route, string reason, string? clientId, string? jwtId, string missingScope);
}
