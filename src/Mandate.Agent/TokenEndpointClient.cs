// RFC 6749 §4.4 client credentials request, §5.1 success and §5.2 error responses; RFC 8707 §2
// resource indicator. One logical request = up to Retry.MaxAttempts HTTP attempts; only transient
// failures (network, 408, 429, 5xx, temporarily_unavailable/server_error) are retried, after a
// Retry-After or full-jitter backoff delay on the injected TimeProvider.
using System.Net;
using System.Net.Http.Headers;
using Mandate.Protocol;
using Microsoft.Extensions.Logging;

namespace Mandate.Agent;

/// <summary>A token and the moment its request was sent; lifetimes count from that moment.</summary>
internal sealed record IssuedToken(AccessToken Token, DateTimeOffset SentAt, TimeSpan Lifetime);

internal sealed class TokenEndpointClient
{
    private readonly Func<HttpClient> httpClient;
    private readonly MandateTokenClientOptions options;
    private readonly ServerMetadataClient metadata;
    private readonly Func<IClientAuthentication> authentication;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly MandateAgentMetrics metrics;

    public TokenEndpointClient(Func<HttpClient> httpClient, MandateTokenClientOptions options, Func<IClientAuthentication> authentication,
        TimeProvider time, ILogger logger, MandateAgentMetrics metrics)
    {
        this.httpClient = httpClient;
        this.options = options;
        this.authentication = authentication;
        this.time = time;
        this.logger = logger;
        this.metrics = metrics;
        metadata = new ServerMetadataClient(httpClient, options, logger);
    }

    /// <summary>Requests a token, retrying transient failures. <paramref name="stopRetrying"/> is asked
    /// before each delay: when it returns true (a still-valid token exists) the transient failure is
    /// thrown at once with <see cref="MandateTokenException.RetryDelay"/> set.</summary>
    public async Task<IssuedToken> RequestAsync(TokenRequestParameters parameters, Func<bool> stopRetrying, CancellationToken cancellationToken)
    {
        var clientId = options.ClientId!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Log.TokenRequesting(logger, clientId, parameters.Scope, parameters.Resource, attempt);
                var issued = await SendOnceAsync(parameters, cancellationToken).ConfigureAwait(false);
                Log.TokenIssued(logger, clientId, issued.Token.Scope, issued.Lifetime.TotalSeconds);
                return issued;
            }
            catch (MandateTokenException ex)
            {
                metrics.RecordFailure(ex.Error);
                if (!ex.IsTransient)
                {
                    Log.TokenRequestRejected(logger, clientId, ex.Error, (int?)ex.StatusCode);
                    throw;
                }

                var delay = ex.RetryDelay ?? RetryDelays.Backoff(options.Retry, attempt);
                ex.RetryDelay = delay;
                if (attempt >= options.Retry.MaxAttempts || delay > options.Retry.MaxDelay || (ex.StoppedForUsableToken = stopRetrying()))
                {
                    Log.TokenRequestGaveUp(logger, clientId, attempt, ex.Error);
                    throw;
                }

                Log.TokenRequestRetrying(logger, clientId, ex.Error, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IssuedToken> SendOnceAsync(TokenRequestParameters parameters, CancellationToken cancellationToken)
    {
        var endpoint = await metadata.GetTokenEndpointAsync(cancellationToken).ConfigureAwait(false);
        var form = new List<KeyValuePair<string, string>> { new(OAuthParameters.GrantType, GrantTypes.ClientCredentials) };
        if (!string.IsNullOrEmpty(parameters.Scope))
        {
            form.Add(new(OAuthParameters.Scope, parameters.Scope));
        }

        if (parameters.Resource is not null)
        {
            form.Add(new(OAuthParameters.Resource, parameters.Resource.AbsoluteUri));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        authentication().Apply(request, form, endpoint);
        request.Content = new FormUrlEncodedContent(form);

        // Lifetimes count from the moment the request leaves, so network latency only shortens them.
        var sentAt = time.GetUtcNow();
        metrics.TokenRequests.Add(1);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await httpClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new MandateTokenException(OAuthErrorCodes.TemporarilyUnavailable, "The token endpoint could not be reached.", null, isTransient: true, ex);
        }

        using (response)
        {
            return response.IsSuccessStatusCode
                ? ReadToken(body, parameters, sentAt, response.StatusCode)
                : throw ReadError(body, response);
        }
    }

    private static IssuedToken ReadToken(byte[] body, TokenRequestParameters parameters, DateTimeOffset sentAt, HttpStatusCode status)
    {
        var json = AgentJsonContext.TryRead(body, AgentJsonContext.Default.TokenResponseJson);
        if (json is null || string.IsNullOrEmpty(json.AccessToken))
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The token response has no access_token.", status, isTransient: false);
        }

        // Only bearer tokens can be attached by this client (RFC 6750); DPoP-bound tokens need a proof.
        if (!string.Equals(json.TokenType, TokenTypes.Bearer, StringComparison.OrdinalIgnoreCase))
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The token response has a token_type other than Bearer.", status, isTransient: false);
        }

        if (json.ExpiresIn is not { } seconds || !double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(365).TotalSeconds)
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The token response has no usable expires_in.", status, isTransient: false);
        }

        var lifetime = TimeSpan.FromSeconds(seconds);
        // RFC 6749 §5.1: an omitted scope means the requested scope was granted.
        var scope = json.Scope ?? parameters.Scope;
        return new IssuedToken(new AccessToken(json.AccessToken, sentAt + lifetime, scope, TokenTypes.Bearer), sentAt, lifetime);
    }

    private MandateTokenException ReadError(byte[] body, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var json = AgentJsonContext.TryRead(body, AgentJsonContext.Default.ErrorResponseJson);
        var code = string.IsNullOrEmpty(json?.Error) ? null : json.Error;
        var transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            || code is OAuthErrorCodes.TemporarilyUnavailable or OAuthErrorCodes.ServerError;
        code ??= transient
            ? (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests ? OAuthErrorCodes.TemporarilyUnavailable : OAuthErrorCodes.ServerError)
            : MandateTokenException.InvalidResponse;
        return new MandateTokenException(code, json?.ErrorDescription, status, transient)
        {
            RetryDelay = transient ? RetryDelays.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()) : null,
        };
    }
}
