using System.Text.Json;

namespace Mandate.Cli.Http;

/// <summary>
/// The outcome of a token request: either a successful RFC 6749 §5.1 response or a §5.2 error object, read with
/// Mandate.Protocol's <see cref="Mandate.Protocol.TokenEndpointResponse"/>; the body is kept as received for --json.
/// </summary>
internal sealed class TokenResponse
{
    private readonly Mandate.Protocol.TokenEndpointResponse? _parsed;

    private TokenResponse(int statusCode, JsonElement json, Mandate.Protocol.TokenEndpointResponse? parsed)
    {
        StatusCode = statusCode;
        Json = json;
        _parsed = parsed;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The response body as received (an object; an empty object when the body was not JSON).</summary>
    public JsonElement Json { get; }

    /// <summary>True when the status is 2xx and the body has an <c>access_token</c>.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300 && AccessToken is not null;

    /// <summary>The <c>access_token</c>, or null.</summary>
    public string? AccessToken => _parsed?.AccessToken;

    /// <summary>The RFC 6749 §5.2 <c>error</c> code, or null.</summary>
    public string? Error => _parsed?.Error;

    /// <summary>The <c>error_description</c>, or null.</summary>
    public string? ErrorDescription => _parsed?.ErrorDescription;

    /// <summary>Describes a failure in one line: <c>invalid_client (Client authentication failed.)</c>.</summary>
    public string DescribeError() => Error is null
        ? $"HTTP {StatusCode} without an OAuth error object"
        : ErrorDescription is null ? Error : $"{Error} ({ErrorDescription})";

    /// <summary>Reads <paramref name="response"/>; a non-JSON body becomes an empty object.</summary>
    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        JsonElement json = JsonText.TryParse(body) is { ValueKind: JsonValueKind.Object } element ? element : JsonText.Empty();
        return new TokenResponse((int)response.StatusCode, json, Mandate.Protocol.TokenEndpointResponse.Parse(body));
    }
}
