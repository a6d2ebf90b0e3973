// RFC 6750 (bearer token usage) and RFC 9068 §4 (JWT access token validation) for ASP.NET Core.
// Authenticate: read the token (RFC 6750 §2) -> validate (AccessTokenValidator) -> OnTokenValidated.
// Challenge: RFC 6750 §3 WWW-Authenticate with RFC 9728 §5.1 resource_metadata; invalid_request is 400,
// invalid_token 401, and a request without a token gets 401 with no error code (RFC 6750 §3.1).
// Forbid: 403 with error="insufficient_scope" and the scope the failed policy needed (RFC 6750 §3.1).
// The client never learns why a token failed; the JoseErrorCode goes to the log and metrics.
// RFC 9449 §7: after the token is valid, Dpop/DpopRequestVerifier checks the DPoP scheme and proof on every request;
// its refusals, and requests without a token where DPoP is required, get the DPoP challenge with algs.
using System.Security.Claims;
using System.Text.Encodings.Web;
using Mandate.Jose;
using Mandate.Protocol;
using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Diagnostics;
using Mandate.ResourceServer.Metadata;
using Mandate.ResourceServer.Transport;
using Mandate.ResourceServer.Usage;
using Mandate.ResourceServer.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Mandate.ResourceServer;

internal sealed class MandateBearerHandler(
    IOptionsMonitor<MandateBearerOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenValidatorCollection validators,
    MandateBearerMetrics metrics,
    MandateBearerTracing tracing,
    Dpop.DpopRequestVerifier dpop)
    : AuthenticationHandler<MandateBearerOptions>(options, logger, encoder)
{
    private new MandateBearerEvents Events => (MandateBearerEvents)base.Events!;

    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new MandateBearerEvents());

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var read = BearerTokenReader.Read(Request, Options.AllowQueryStringToken);
        if (read.InvalidReason is { } reason)
        {
            Log.InvalidRequest(Logger, reason);
            metrics.Invalid(MandateUsageResults.InvalidRequest);
            return await FailAsync(OAuthError.InvalidRequest(), JoseErrorCode.None, MandateUsageResults.InvalidRequest, null);
        }

        if (read.TokenMalformed)
        {
            // RFC 6750 §3.1: a malformed access token is invalid_token (401), not a malformed request.
            Log.TokenRejected(Logger, JoseErrorCode.Malformed, null);
            metrics.Invalid(MandateUsageResults.Malformed);
            return await FailAsync(OAuthError.InvalidToken(), JoseErrorCode.Malformed, MandateUsageResults.Malformed, null);
        }

        if (read.Token is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        using var activity = tracing.StartValidation();
        var started = metrics.DurationEnabled ? TimeProvider.GetTimestamp() : 0;
        var validator = validators.Get(Scheme.Name, Options);
        var result = await validator.ValidateAsync(token, Context.RequestAborted);
        if (result.RevokedJwtId is { } revoked)
        {
            Log.TokenRevoked(Logger, revoked, result.KeyId);
            metrics.Invalid(MandateUsageResults.Revoked);
            MandateBearerTracing.Rejected(activity, MandateUsageResults.Revoked, result.KeyId, revoked);
            return await FailAsync(OAuthError.InvalidToken(), JoseErrorCode.None, MandateUsageResults.Revoked, revoked);
        }

        if (!result.IsValid)
        {
            // The kid of a token that failed validation is the sender's text: bounded and escaped before it is logged.
            var keyId = UntrustedText.ForRecord(result.KeyId, UntrustedText.MaxIdentifierLength);
            Log.TokenRejected(Logger, result.Error, keyId);
            var rejected = MandateUsageResults.From(result.Error);
            metrics.Invalid(rejected);
            MandateBearerTracing.Rejected(activity, rejected, keyId, null);
            return await FailAsync(OAuthError.InvalidToken(), result.Error, rejected, null);
        }

        var identity = result.Identity!;
        var accessToken = identity.AccessToken;
        metrics.Valid(result.FromCache);
        MandateBearerTracing.Validated(activity, accessToken, result.KeyId, result.FromCache);
        if (result.FromCache)
        {
            Log.TokenValidatedFromCache(Logger, accessToken.JwtId);
        }
        else
        {
            if (started != 0)
            {
                metrics.Duration(TimeProvider.GetElapsedTime(started));
            }

            Log.TokenValidated(Logger, accessToken.JwtId, accessToken.ClientId, result.KeyId, accessToken.Actors.Count);
        }

        if (dpop.Verify(Context, token, accessToken, read.Dpop, Options.Dpop, TimeProvider.GetUtcNow()) is { } refused)
        {
            Log.DpopRefused(Logger, refused.Check, accessToken.JwtId);
            metrics.Invalid(MandateUsageResults.InvalidDpop);
            return await FailAsync(refused.Error, JoseErrorCode.None, MandateUsageResults.InvalidDpop, accessToken.JwtId, dpop: true);
        }

        var validated = new TokenValidatedContext(Context, Scheme, Options, accessToken) { Principal = new ClaimsPrincipal(identity) };
        await Events.TokenValidated(validated);
        if (validated.Result is not null)
        {
            return validated.Result;
        }

        Context.Features.Set(accessToken);
        validated.Success();
        return validated.Result!;
    }

    private async Task<AuthenticateResult> FailAsync(OAuthError error, JoseErrorCode reason, string result, string? jwtId, bool dpop = false)
    {
        var failed = new AuthenticationFailedContext(Context, Scheme, Options, error, reason);
        await Events.AuthenticationFailed(failed);
        return failed.Result ?? AuthenticateResult.Fail(new MandateBearerException(error, result, jwtId, dpop));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var authenticate = await HandleAuthenticateOnceSafeAsync();
        OAuthError? error = authenticate.Failure switch
        {
            null => null,
            MandateBearerException mandate => mandate.Error,
            _ => OAuthError.InvalidToken(), // a failure set by an event: still only invalid_token on the wire
        };
        if (error is null && properties.Items.ContainsKey(MandateAuthorizationResultHandler.InactiveTokenItem))
        {
            error = OAuthError.InvalidToken(); // RFC 7662: the issuer says the token is no longer active
        }

        var challenge = new MandateBearerChallengeContext(Context, Scheme, Options, properties, error);
        await Events.Challenge(challenge);
        if (challenge.Handled)
        {
            return;
        }

        // RFC 6750 §3.1: invalid_request SHOULD be 400; invalid_token and "no token" are 401 (RFC 9449 §7.1: DPoP errors too).
        Response.StatusCode = error?.Code == OAuthErrorCodes.InvalidRequest ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
        var dpopChallenge = authenticate.Failure is MandateBearerException { Dpop: true }
            || (error is null && Dpop.DpopRequestVerifier.Required(Context, Options.Dpop));
        Response.Headers[HeaderNames.WWWAuthenticate] = dpopChallenge
            ? Dpop.DpopRequestVerifier.Challenge(Options.Realm, error, Options.Dpop)
            : BearerChallenge.Format(Options.Realm, error, scope: null, ProtectedResourceMetadataLocation.UrlFor(Request, Options));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scopes = MandateScopeRequirement.ReadRequiredScopes(properties);
        var forbidden = new ForbiddenContext(Context, Scheme, Options, properties, scopes);
        await Events.Forbidden(forbidden);
        if (forbidden.Handled)
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (scopes.Count > 0)
        {
            var scope = ScopeSet.Format(scopes);
            Log.Forbidden(Logger, scope);
            Response.Headers[HeaderNames.WWWAuthenticate] = BearerChallenge.Format(
                Options.Realm, OAuthError.InsufficientScope(), scope, ProtectedResourceMetadataLocation.UrlFor(Request, Options));
        }
    }
}
