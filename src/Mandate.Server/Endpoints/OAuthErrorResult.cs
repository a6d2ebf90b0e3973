// The single writer of protocol errors (STYLE §5). Body: RFC 6749 §5.2 JSON {error, error_description,
// error_uri?}. Status and headers:
//  - token endpoint: 400, except invalid_client -> 401 (RFC 6749 §5.2 allows 401 and requires it with
//    WWW-Authenticate when the client used the Authorization header; Mandate uses 401 always for
//    invalid_client and adds the Basic challenge only when HTTP authentication was attempted);
//    temporarily_unavailable -> 503; server_error -> 500.
//  - every 503 carries Retry-After (RFC 9110 §10.2.3), so clients back off instead of hammering a store outage.
//  - bearer-protected APIs (RFC 6750 §3): 401 + WWW-Authenticate Bearer for a missing or invalid token
//    (no error attribute when no credentials were sent, §3.1), 403 for insufficient_scope.
using System.Text.Json;
using Mandate.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Mandate.Server.Endpoints;

/// <summary>Writes an <see cref="OAuthError"/> as an RFC 6749 §5.2 / RFC 6750 §3 response.</summary>
public sealed class OAuthErrorResult : IResult
{
    internal const string Realm = "mandate";

    /// <summary>The <c>Retry-After</c> of a 503 (a store outage or restart), in seconds: 1.</summary>
    internal const int RetryAfterSeconds = 1;

    private OAuthErrorResult(OAuthError error, int statusCode, string? challenge)
    {
        Error = error;
        StatusCode = statusCode;
        Challenge = challenge;
    }

    /// <summary>The error written.</summary>
    public OAuthError Error { get; }

    /// <summary>The HTTP status code written.</summary>
    public int StatusCode { get; }

    /// <summary>The <c>WWW-Authenticate</c> value, or null.</summary>
    public string? Challenge { get; }

    /// <summary>An error of the token endpoint; <paramref name="httpAuthenticationAttempted"/> adds the Basic challenge to <c>invalid_client</c>.</summary>
    public static OAuthErrorResult ForTokenEndpoint(OAuthError error, bool httpAuthenticationAttempted)
    {
        var status = error.Code switch
        {
            OAuthErrorCodes.InvalidClient => StatusCodes.Status401Unauthorized,
            OAuthErrorCodes.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
            OAuthErrorCodes.ServerError => StatusCodes.Status500InternalServerError,
            _ => StatusCodes.Status400BadRequest,
        };
        var challenge = status == StatusCodes.Status401Unauthorized && httpAuthenticationAttempted ? $"Basic realm=\"{Realm}\"" : null;
        return new OAuthErrorResult(error, status, challenge);
    }

    /// <summary>An RFC 6750 §3 error of a bearer-protected endpoint; null <paramref name="error"/> means no credentials were sent.</summary>
    public static OAuthErrorResult ForBearer(OAuthError? error, string? requiredScope = null)
    {
        if (error is null)
        {
            return new OAuthErrorResult(new OAuthError(OAuthErrorCodes.InvalidToken, "MND2500: A bearer access token is required."), StatusCodes.Status401Unauthorized, $"Bearer realm=\"{Realm}\"");
        }

        var status = error.Code == OAuthErrorCodes.InsufficientScope ? StatusCodes.Status403Forbidden
            : error.Code == OAuthErrorCodes.InvalidRequest ? StatusCodes.Status400BadRequest
            : StatusCodes.Status401Unauthorized;
        var challenge = $"Bearer realm=\"{Realm}\", error=\"{error.Code}\"" + (requiredScope is null ? "" : $", scope=\"{requiredScope}\"");
        return new OAuthErrorResult(error, status, challenge);
    }

    /// <summary>An error with an explicit status and no challenge (e.g. 405 for a wrong method).</summary>
    public static OAuthErrorResult WithStatus(OAuthError error, int statusCode) => new(error, statusCode, null);

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (Challenge is not null)
        {
            response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        }

        if (StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey(HeaderNames.RetryAfter))
        {
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString(OAuthParameters.Error, Error.Code);
            if (Error.Description is not null)
            {
                writer.WriteString(OAuthParameters.ErrorDescription, Error.Description);
            }

            if (Error.Uri is not null)
            {
                writer.WriteString(OAuthParameters.ErrorUri, Error.Uri.AbsoluteUri);
            }

            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
