// The single writer of protocol errors (STYLE §5). Body: RFC 6749 §5.2 JSON {error, error_description,
// error_uri?}; error_uri is the error's explicit URI, else its catalogue entry when ErrorUriTemplate is set. Status and headers:
//  - token endpoint: 400, except invalid_client -> 401 (RFC 6749 §5.2 allows 401 and requires it with
//    WWW-Authenticate when the client used the Authorization header; Mandate uses 401 always for
//    invalid_client and adds the Basic challenge only when HTTP authentication was attempted);
//    temporarily_unavailable -> 503; server_error -> 500.
//  - 503 and 429 always carry Retry-After (RFC 9110 §10.2.3), in whole seconds: the given delay, else DefaultRetryAfter.
//  - bearer-protected APIs (RFC 6750 §3): 401 + WWW-Authenticate Bearer for a missing or invalid token
//    (no error attribute when no credentials were sent, §3.1), 403 for insufficient_scope.
using System.Text.Json;
using Mandate.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Mandate.Server.Endpoints;

/// <summary>Writes an <see cref="OAuthError"/> as an RFC 6749 §5.2 / RFC 6750 §3 response.</summary>
public sealed class OAuthErrorResult : IResult
{
    internal const string Realm = "mandate";

    /// <summary>The <c>Retry-After</c> of a 503 or 429 answer that names no delay of its own: 5 seconds.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    private OAuthErrorResult(OAuthError error, int statusCode, string? challenge, TimeSpan? retryAfter = null)
    {
        Error = error;
        StatusCode = statusCode;
        Challenge = challenge;
        RetryAfter = retryAfter;
    }

    /// <summary>The delay written as <c>Retry-After</c> on a 503 or 429 answer, or null for <see cref="DefaultRetryAfter"/>.</summary>
    public TimeSpan? RetryAfter { get; }

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
            return new OAuthErrorResult(new OAuthError(OAuthErrorCodes.InvalidToken, "MND2580: A bearer access token is required."), StatusCodes.Status401Unauthorized, $"Bearer realm=\"{Realm}\"");
        }

        var status = error.Code == OAuthErrorCodes.InsufficientScope ? StatusCodes.Status403Forbidden
            : error.Code == OAuthErrorCodes.InvalidRequest ? StatusCodes.Status400BadRequest
            : StatusCodes.Status401Unauthorized;
        var challenge = $"Bearer realm=\"{Realm}\", error=\"{error.Code}\"" + (requiredScope is null ? "" : $", scope=\"{requiredScope}\"");
        return new OAuthErrorResult(error, status, challenge);
    }

    /// <summary>An RFC 9449 §7.1 error of a DPoP-protected endpoint: as <see cref="ForBearer"/>, with the <c>DPoP</c>
    /// challenge naming the accepted proof algorithms (<paramref name="algorithms"/>, space-separated).</summary>
    internal static OAuthErrorResult ForDpop(OAuthError? error, string algorithms, string? requiredScope = null)
    {
        var bearer = ForBearer(error, requiredScope);
        var challenge = $"DPoP realm=\"{Realm}\"" + (error is null ? "" : $", error=\"{error.Code}\"") + (requiredScope is null ? "" : $", scope=\"{requiredScope}\"") + $", algs=\"{algorithms}\"";
        return new OAuthErrorResult(bearer.Error, bearer.StatusCode, challenge);
    }

    /// <summary>An error with an explicit status and no challenge (e.g. 405 for a wrong method).</summary>
    public static OAuthErrorResult WithStatus(OAuthError error, int statusCode) => new(error, statusCode, null);

    /// <summary>A 429 Too Many Requests (RFC 6585 §4) whose <c>Retry-After</c> is <paramref name="retryAfter"/>, rounded up to whole seconds.</summary>
    public static OAuthErrorResult TooManyRequests(OAuthError error, TimeSpan retryAfter) => new(error, StatusCodes.Status429TooManyRequests, null, retryAfter);

    private Uri? CatalogueUri(HttpContext httpContext) =>
        httpContext.RequestServices?.GetService<IOptions<MandateServerOptions>>()?.Value.ErrorUriTemplate is { } template
        && ErrorUris.TryCreate(template, Error.Description, out var uri) ? uri : null;

    /// <summary>Writes <c>Retry-After</c> (whole seconds, at least 1) on <paramref name="response"/>.</summary>
    internal static void WriteRetryAfter(HttpResponse response, TimeSpan delay) =>
        response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

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

        if (StatusCode is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
        {
            WriteRetryAfter(response, RetryAfter ?? DefaultRetryAfter);
        }

        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString(OAuthParameters.Error, Error.Code);
            if (Error.Description is not null)
            {
                writer.WriteString(OAuthParameters.ErrorDescription, Error.Description);
            }

            var errorUri = Error.Uri ?? CatalogueUri(httpContext);
            if (errorUri is not null)
            {
                writer.WriteString(OAuthParameters.ErrorUri, errorUri.AbsoluteUri);
            }

            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
