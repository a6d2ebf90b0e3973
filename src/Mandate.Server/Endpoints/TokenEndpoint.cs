// POST /token (RFC 6749 §3.2, §5). A short list of named steps (STYLE §3):
//   source address not blocked for failed authentications -> read form (POST, form content type, size, no
//   duplicates) -> authenticate client (failures counted per client id and address) -> agent access policy
//   (allowed hours and networks, when enforced) -> agent token request limits -> handler by
//   grant_type -> client may use the grant -> no undeclared parameters -> verify DPoP (Dpop/DpopProofStep) ->
//   ValidateAsync -> bind to the proof key -> issue ->
//   audit (awaited: no token leaves unrecorded) -> record last use -> respond with Cache-Control:
//   no-store (RFC 6749 §5.1). Denials are audited too, with their reason.
// Hot path: no store access (agents cached, last use batched, audit group-committed), no LINQ,
// Debug-level logs only. Telemetry: one activity (ServerTracing) and the latency histograms, read only when listened to.
using System.Diagnostics;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Audit;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Dpop;
using Mandate.Server.Grants;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Server.RateLimiting;
using Mandate.Server.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Endpoints;

internal sealed class TokenEndpoint(
    ClientAuthenticationStep authentication,
    AgentAccessPolicyStep accessPolicy,
    AgentRateLimitStep rateLimit,
    FailedAuthenticationLimiter failedAuthentications,
    GrantHandlerRegistry grants,
    DpopProofStep dpop,
    ITokenIssuer issuer,
    RefreshTokenService refreshTokens,
    IAuditSink audit,
    LastUsedTracker lastUsed,
    ServerMetrics metrics,
    ServerTracing tracing,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<TokenEndpoint> logger)
{
    private readonly int _maxBodySize = options.Value.MaxRequestBodySize;

    // Unobserved (no listener): no wrapper state machine, no clock read. The activity starts inside the async
    // wrapper so that Activity.Current never leaks into the caller's execution context.
    public Task HandleAsync(HttpContext context) =>
        tracing.Source.HasListeners() || metrics.TokenDurationEnabled ? ObservedAsync(context) : ProcessAsync(context, null);

    private async Task ObservedAsync(HttpContext context)
    {
        using var activity = tracing.StartTokenRequest(context);
        var started = metrics.TokenDurationEnabled ? timeProvider.GetTimestamp() : 0;
        try
        {
            await ProcessAsync(context, activity).ConfigureAwait(false);
        }
        finally
        {
            if (started != 0)
            {
                metrics.TokenDuration(timeProvider.GetElapsedTime(started), context.Response.StatusCode == StatusCodes.Status200OK);
            }
        }
    }

    private async Task ProcessAsync(HttpContext context, Activity? activity)
    {
        var cancellationToken = context.RequestAborted;
        if (failedAuthentications.AddressBlocked(context.Connection.RemoteIpAddress) is { } addressBlock)
        {
            // Not audited nor logged one by one: a flood from this address must not fill the audit store or the log.
            await LimitedAsync(context, addressBlock, activity).ConfigureAwait(false);
            return;
        }

        var authorization = context.Request.Headers.Authorization;
        var authorizationValue = authorization.Count == 1 ? authorization[0] : authorization.Count == 0 ? null : "";

        var (parameters, formError) = await TokenRequestReader.ReadAsync(context.Request, _maxBodySize, cancellationToken).ConfigureAwait(false);
        if (parameters is null)
        {
            await DenyAsync(context, formError!, null, null, null, null, authorizationValue is not null, activity).ConfigureAwait(false);
            return;
        }

        var (authenticated, method) = await authentication.AuthenticateAsync(parameters, authorizationValue, cancellationToken).ConfigureAwait(false);
        if (!authenticated.Succeeded)
        {
            if (authenticated.Error!.Code == OAuthErrorCodes.InvalidClient)
            {
                if (failedAuthentications.ClientBlocked(authenticated.ClaimedClientId) is { } clientBlock)
                {
                    await LimitedAsync(context, clientBlock, activity).ConfigureAwait(false);
                    return;
                }

                await failedAuthentications.RecordFailureAsync(authenticated.ClaimedClientId, context.Connection.RemoteIpAddress, cancellationToken).ConfigureAwait(false);
                Log.ClientAuthenticationFailed(logger, method ?? "none", authenticated.ClaimedClientId, authenticated.FailureReason ?? "");
            }

            await DenyAsync(context, authenticated.Error, authenticated.FailureReason, null, authenticated.ClaimedClientId, parameters, authorizationValue is not null, activity).ConfigureAwait(false);
            return;
        }

        var agent = authenticated.Client;
        if (await accessPolicy.CheckAsync(agent.Id, context, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            await DenyAsync(context, refused.Error, refused.Reason, agent.Id, agent.ClientId, parameters, false, activity).ConfigureAwait(false);
            return;
        }

        if (await rateLimit.CheckAsync(agent.Id, cancellationToken).ConfigureAwait(false) is { } limited)
        {
            await DenyAsync(context, limited.Error, limited.Reason, agent.Id, agent.ClientId, parameters, false, activity, limited.RetryAfter).ConfigureAwait(false);
            return;
        }

        var grantType = Get(parameters, OAuthParameters.GrantType);
        var error = SelectHandler(grantType, agent.AllowedGrantTypes, parameters, out var handler);
        if (error is not null)
        {
            await DenyAsync(context, error, null, agent.Id, agent.ClientId, parameters, false, activity).ConfigureAwait(false);
            return;
        }

        var (thumbprint, dpopError) = await dpop.VerifyAsync(context, agent, cancellationToken).ConfigureAwait(false);
        if (dpopError is not null)
        {
            await DenyAsync(context, dpopError, null, agent.Id, agent.ClientId, parameters, false, activity).ConfigureAwait(false);
            return;
        }

        var decision = await handler!.ValidateAsync(new TokenRequest(parameters, agent, method!) { DpopKeyThumbprint = thumbprint }, cancellationToken).ConfigureAwait(false);
        if (!decision.IsApproved)
        {
            await DenyAsync(context, decision.Error, null, agent.Id, agent.ClientId, parameters, false, activity).ConfigureAwait(false);
            return;
        }

        // RFC 9449 §5: the access token is bound to the key that signed the request's proof.
        var grant = thumbprint is null ? decision.Grant : decision.Grant with { KeyThumbprint = thumbprint };
        var signingStarted = metrics.SigningDurationEnabled ? timeProvider.GetTimestamp() : 0;
        TokenResponse token;
        try
        {
            token = await issuer.IssueAsync(grant, cancellationToken).ConfigureAwait(false);
        }
        catch (StatusList.StatusListFullException)
        {
            // A token without a status index could not be revoked for APIs that check only the list: not issued.
            StatusList.StatusListLog.ListsFull(logger, agent.ClientId);
            context.Response.Headers.RetryAfter = "5";
            await DenyAsync(context, StatusList.StatusListErrors.ListsFull, null, agent.Id, agent.ClientId, parameters, false, activity).ConfigureAwait(false);
            return;
        }

        if (signingStarted != 0)
        {
            metrics.SigningDuration(timeProvider.GetElapsedTime(signingStarted));
        }

        if (grant.RefreshToken is { } refresh)
        {
            // RFC 6749 §6 / RFC 9700 §4.14.2: store the new family or win the rotation; losing it is reuse.
            var (withRefresh, refreshError, retryAfter) = await refreshTokens.AttachAsync(grant, refresh, token, agent.Id).ConfigureAwait(false);
            if (withRefresh is null)
            {
                var reason = retryAfter is null ? null : RateLimitErrors.TokenFamiliesReason;
                await DenyAsync(context, refreshError!, reason, agent.Id, agent.ClientId, parameters, false, activity, retryAfter).ConfigureAwait(false);
                return;
            }

            token = withRefresh;
        }

        var now = timeProvider.GetUtcNow();
        try
        {
            await audit.WriteAsync(TokenAuditRecords.Issued(now, grant, agent.Id, token, AuditRequestContext.From(context)), cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnavailableException ex)
        {
            // The token was minted but is never sent: an unaudited token must not exist outside the server.
            Log.TokenWithheldAuditUnavailable(logger, token.TokenId, agent.ClientId, Faults.FaultText.Of(ex));
            metrics.Denied(ErrorDescriptions.AuditUnavailable.Code, ErrorDescriptions.AuditUnavailable.Description);
            ServerTracing.Denied(activity, ErrorDescriptions.AuditUnavailable.Code, agent.ClientId, grant.GrantType);
            await OAuthErrorResult.WithStatus(ErrorDescriptions.AuditUnavailable, StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        lastUsed.Record(agent.Id, now);
        metrics.Issued(grant.GrantType);
        ServerTracing.Issued(activity, grant.GrantType, agent.ClientId, agent.Id, token.TokenId, token.KeyId);
        Log.TokenIssued(logger, token.TokenId, token.KeyId, agent.ClientId, grant.GrantType, grant.Audience);
        await TokenResponseWriter.WriteAsync(context.Response, token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Steps 3-5: route by grant_type, check the client may use it, reject undeclared parameters.</summary>
    private OAuthError? SelectHandler(string? grantType, IReadOnlyList<string> allowedGrantTypes, Dictionary<string, StringValues> parameters, out IGrantHandler? handler)
    {
        handler = null;
        if (grantType is null)
        {
            return ErrorDescriptions.MissingGrantType;
        }

        if (!grants.TryGet(grantType, out handler))
        {
            return ErrorDescriptions.UnsupportedGrantType;
        }

        if (!AgentPolicyValidator.Contains(allowedGrantTypes, grantType))
        {
            return ErrorDescriptions.GrantNotAllowed;
        }

        foreach (var name in parameters.Keys)
        {
            if (name != OAuthParameters.GrantType && !ClientAuthenticationStep.IsAuthenticationParameter(name) && !handler.Parameters.Contains(name))
            {
                return ErrorDescriptions.UndeclaredParameter;
            }
        }

        return null;
    }

    private async Task DenyAsync(
        HttpContext context,
        OAuthError error,
        string? reason,
        string? agentId,
        string? clientId,
        Dictionary<string, StringValues>? parameters,
        bool httpAuthenticationAttempted,
        Activity? activity,
        TimeSpan? retryAfter = null)
    {
        // Client-supplied: bounded, and never logged or traced when credential-shaped (UntrustedText).
        var grantType = parameters is null ? null : UntrustedText.ForRecord(Get(parameters, OAuthParameters.GrantType), UntrustedText.MaxIdentifierLength);
        metrics.Denied(error.Code, error.Description);
        ServerTracing.Denied(activity, error.Code, clientId, grantType);
        Log.TokenDenied(logger, error.Code, clientId, grantType, error.Description);
        try
        {
            var record = TokenAuditRecords.Denied(
                timeProvider.GetUtcNow(), error, reason, agentId, clientId, grantType,
                parameters is null ? null : Get(parameters, OAuthParameters.Scope),
                parameters is null ? null : Get(parameters, OAuthParameters.Resource) ?? Get(parameters, OAuthParameters.Audience),
                AuditRequestContext.From(context));
            await audit.WriteAsync(record, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AuditUnavailableException ex)
        {
            // A denial discloses nothing, so it is still sent; the operator sees the gap in the log.
            Log.DenialNotAudited(logger, error.Code, clientId, Faults.FaultText.Of(ex));
        }

        var result = retryAfter is { } delay ? OAuthErrorResult.TooManyRequests(error, delay) : OAuthErrorResult.ForTokenEndpoint(error, httpAuthenticationAttempted);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private Task LimitedAsync(HttpContext context, TimeSpan retryAfter, Activity? activity)
    {
        var error = RateLimitErrors.FailedAuthentications;
        metrics.Denied(error.Code, error.Description);
        ServerTracing.Denied(activity, error.Code, null, null);
        return OAuthErrorResult.TooManyRequests(error, retryAfter).ExecuteAsync(context);
    }

    private static string? Get(Dictionary<string, StringValues> parameters, string name) =>
        parameters.TryGetValue(name, out var values) ? values[0] : null;
}
