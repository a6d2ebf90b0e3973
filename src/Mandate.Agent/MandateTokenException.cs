using System.Net;

namespace Mandate.Agent;

/// <summary>
/// The token endpoint did not issue a token. <see cref="Error"/> is the RFC 6749 §5.2 error code
/// returned by the server (<c>invalid_client</c>, <c>unauthorized_client</c>, <c>invalid_scope</c>,
/// RFC 8707 <c>invalid_target</c>, …), or <c>temporarily_unavailable</c> / <c>server_error</c> when
/// retries were exhausted, or <see cref="InvalidResponse"/> when the answer was not a usable OAuth response.
/// The message never contains the client secret, the assertion or any token.
/// </summary>
public sealed class MandateTokenException : Exception
{
    /// <summary>Error code used when the response is not a valid token or error response.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>Creates the exception.</summary>
    /// <param name="error">The RFC 6749 §5.2 error code.</param>
    /// <param name="errorDescription">The server's <c>error_description</c>, if any.</param>
    /// <param name="statusCode">The HTTP status of the last response; <see langword="null"/> when none arrived.</param>
    /// <param name="isTransient">Whether a later attempt may succeed without a configuration change.</param>
    /// <param name="innerException">The network or parsing failure, if any.</param>
    public MandateTokenException(string error, string? errorDescription, HttpStatusCode? statusCode, bool isTransient, Exception? innerException = null)
        : base(FormatMessage(error, errorDescription, statusCode), innerException)
    {
        Error = error;
        ErrorDescription = errorDescription;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>The RFC 6749 §5.2 <c>error</c> code, e.g. <c>invalid_client</c>.</summary>
    public string Error { get; }

    /// <summary>The server's <c>error_description</c>, or <see langword="null"/>.</summary>
    public string? ErrorDescription { get; }

    /// <summary>HTTP status of the last token endpoint response, or <see langword="null"/> after a network failure.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary><see langword="true"/> for outages (network, 429, 5xx) that may pass; <see langword="false"/>
    /// when the server rejected the request and retrying cannot help (suspended agent, rotated secret, bad scope).</summary>
    public bool IsTransient { get; }

    /// <summary>How long the client waits before its next attempt (Retry-After or backoff), when known.</summary>
    internal TimeSpan? RetryDelay { get; set; }

    /// <summary>True when the error response carried a DPoP-Nonce the client did not hold yet (RFC 9449 §8).</summary>
    internal bool NonceChanged { get; init; }

    /// <summary>Retries stopped early because the cached token was still usable.</summary>
    internal bool StoppedForUsableToken { get; set; }

    private static string FormatMessage(string error, string? description, HttpStatusCode? status)
    {
        var text = $"The token endpoint did not issue a token: {error}";
        if (status is not null)
        {
            text += $" (HTTP {(int)status})";
        }

        return description is null ? text + "." : $"{text}: {Truncate(description)}";
    }

    // The description comes from the server; keep it readable and bounded in logs.
    private static string Truncate(string value) => value.Length <= 300 ? value : value[..300] + "…";
}
