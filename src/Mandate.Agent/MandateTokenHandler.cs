// RFC 6750 §2.1: attaches "Authorization: Bearer <token>". RFC 6750 §3.1: on a 401 whose
// WWW-Authenticate Bearer challenge carries error="invalid_token", the cached token is dropped and
// the request is sent once more with a new token.
//
// Replay rule: a request is retried only when its content can be sent twice unchanged: no content,
// ByteArrayContent and its subclasses (StringContent, FormUrlEncodedContent),
// ReadOnlyMemoryContent, or System.Net.Http.Json.JsonContent (which serializes its value again).
// Stream and multipart content are not replayed; the caller receives the 401.
// RFC 9449 §7.1: a DPoP-bound token goes as "Authorization: DPoP <token>" with a fresh proof (ath = its hash) per
// attempt; a 401 with error="use_dpop_nonce" (§9) is retried once with the API's new nonce.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mandate.Agent;

/// <summary>
/// A <see cref="DelegatingHandler"/> that sends each request with the agent's bearer token from
/// <see cref="MandateTokenClient"/>, and renews the token and retries once when the API answers
/// 401 with <c>error="invalid_token"</c> and the request content can be replayed (no content,
/// byte array, string, form, read-only memory or JSON content).
/// </summary>
public sealed partial class MandateTokenHandler : DelegatingHandler
{
    private readonly MandateTokenClient client;
    private readonly TokenRequestParameters parameters;
    private readonly ILogger logger;

    /// <summary>Creates the handler. Register it with
    /// <see cref="MandateAgentServiceCollectionExtensions.AddMandateAccessToken"/> rather than directly.</summary>
    /// <param name="client">The shared token client.</param>
    /// <param name="options">Scope and resource of the token to attach.</param>
    /// <param name="logger">Optional logger (event ids 8006–8007).</param>
    public MandateTokenHandler(MandateTokenClient client, MandateAccessTokenOptions options, ILogger<MandateTokenHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        parameters = options.ToParameters();
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <exception cref="MandateTokenException">No token could be obtained.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await client.GetTokenAsync(parameters, cancellationToken).ConfigureAwait(false);
        var response = await SendWithTokenAsync(request, token, cancellationToken).ConfigureAwait(false);
        var nonceChanged = client.Dpop?.Remember(request.RequestUri!, response) ?? false;
        if (nonceChanged && response.StatusCode == HttpStatusCode.Unauthorized && DpopSession.IsNonceChallenge(response) && IsReplayable(request.Content))
        {
            response.Dispose();
            response = await SendWithTokenAsync(request, token, cancellationToken).ConfigureAwait(false);
            client.Dpop!.Remember(request.RequestUri!, response);
        }

        if (response.StatusCode != HttpStatusCode.Unauthorized || !HasInvalidTokenChallenge(response))
        {
            return response;
        }

        if (!IsReplayable(request.Content))
        {
            Log.InvalidTokenNotReplayable(logger, request.Method, request.RequestUri);
            return response;
        }

        Log.RetryingAfterInvalidToken(logger, request.Method, request.RequestUri);
        client.InvalidateToken(parameters, token);
        AccessToken renewed;
        try
        {
            renewed = await client.GetTokenAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }

        return await SendWithTokenAsync(request, renewed, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, AccessToken token, CancellationToken cancellationToken)
    {
        if (client.Dpop is { } dpop && string.Equals(token.TokenType, Mandate.Protocol.TokenTypes.DPoP, StringComparison.Ordinal))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(Mandate.Protocol.TokenTypes.DPoP, token.Value);
            dpop.Attach(request, token.Value);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="content"/> can be sent a second time unchanged.</summary>
    internal static bool IsReplayable(HttpContent? content) =>
        content is null or ByteArrayContent or ReadOnlyMemoryContent or JsonContent;

    /// <summary>True when a Bearer challenge has the auth-param error="invalid_token" (RFC 6750 §3).</summary>
    internal static bool HasInvalidTokenChallenge(HttpResponseMessage response)
    {
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if ((string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || string.Equals(challenge.Scheme, "DPoP", StringComparison.OrdinalIgnoreCase))
                && challenge.Parameter is { } parameter
                && InvalidTokenError().IsMatch(parameter))
            {
                return true;
            }
        }

        return false;
    }

    // auth-param = token BWS "=" BWS ( token / quoted-string ), RFC 9110 §11.2; error names are case-sensitive.
    [GeneratedRegex("""(?:^|,)\s*error\s*=\s*(?:"invalid_token"|invalid_token)\s*(?:,|$)""", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidTokenError();
}
