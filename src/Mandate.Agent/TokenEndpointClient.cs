// RFC 6749 §4.4 client credentials request, §5.1 success and §5.2 error responses; RFC 8707 §2
// resource indicator; RFC 8693 §2.1 token exchange request and §2.2 responses. One logical request = up to Retry.MaxAttempts HTTP attempts; only transient
// failures (network, 408, 429, 5xx, temporarily_unavailable/server_error) are retried, after a
// Retry-After or full-jitter backoff delay on the injected TimeProvider.
using System.Net;
using System.Net.Http.Headers;
using Mandate.Protocol;
using Microsoft.Extensions.Logging;

namespace Mandate.Agent;

/// <summary>A token and the moment its request was sent; lifetimes count from that moment. <paramref name="NotAfter"/>
/// bounds how long the token may be cached (the subject token's expiry, for an exchanged token).</summary>
internal sealed record IssuedToken(AccessToken Token, DateTimeOffset SentAt, TimeSpan Lifetime, DateTimeOffset? NotAfter = null);

/// <summary>One grant's form (without client authentication) and what the logs may say about it.</summary>
/// <param name="Form">The grant's parameters; client authentication is added per attempt.</param>
/// <param name="Scope">The requested scope, for logs and as the granted scope when the response omits it.</param>
/// <param name="Target">The resource or audience, for logs.</param>
/// <param name="Exchange">An RFC 8693 token exchange (issued_token_type required in the response).</param>
internal sealed record GrantRequest(IReadOnlyList<KeyValuePair<string, string>> Form, string? Scope, string? Target, bool Exchange);

internal sealed class TokenEndpointClient
{
    /// <summary>RFC 8693 §2.2.1 <c>token_type</c> of an issued token that is not an access token.</summary>
    internal const string NotApplicable = "N_A";

    private readonly Func<HttpClient> httpClient;
    private readonly MandateTokenClientOptions options;
    private readonly ServerMetadataClient metadata;
    private readonly Func<IClientAuthentication> authentication;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly MandateAgentMetrics metrics;
    private readonly DpopSession? dpop;

    public TokenEndpointClient(Func<HttpClient> httpClient, MandateTokenClientOptions options, Func<IClientAuthentication> authentication,
        TimeProvider time, ILogger logger, MandateAgentMetrics metrics, DpopSession? dpop = null)
    {
        this.dpop = dpop;
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
    public Task<IssuedToken> RequestAsync(TokenRequestParameters parameters, Func<bool> stopRetrying, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new(OAuthParameters.GrantType, GrantTypes.ClientCredentials) };
        if (!string.IsNullOrEmpty(parameters.Scope))
        {
            form.Add(new(OAuthParameters.Scope, parameters.Scope));
        }

        if (parameters.Resource is not null)
        {
            form.Add(new(OAuthParameters.Resource, parameters.Resource.AbsoluteUri));
        }

        return SendWithRetriesAsync(new GrantRequest(form, parameters.Scope, parameters.Resource?.AbsoluteUri, Exchange: false), stopRetrying, cancellationToken);
    }

    /// <summary>RFC 8693 §2.1 token exchange request, with the same retry policy as <see cref="RequestAsync"/>.</summary>
    public Task<IssuedToken> ExchangeAsync(string subjectToken, TokenExchangeRequest request, string? actorToken, Func<bool> stopRetrying, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new(OAuthParameters.GrantType, GrantTypes.TokenExchange),
            new(OAuthParameters.SubjectToken, subjectToken),
            new(OAuthParameters.SubjectTokenType, request.SubjectTokenType),
        };

        // RFC 8693 §2.1: actor_token_type is REQUIRED when actor_token is present and absent otherwise.
        if (actorToken is not null)
        {
            form.Add(new(OAuthParameters.ActorToken, actorToken));
            form.Add(new(OAuthParameters.ActorTokenType, request.ActorTokenType));
        }

        if (request.Resource is not null)
        {
            form.Add(new(OAuthParameters.Resource, request.Resource.AbsoluteUri));
        }

        if (!string.IsNullOrEmpty(request.Audience))
        {
            form.Add(new(OAuthParameters.Audience, request.Audience));
        }

        if (!string.IsNullOrEmpty(request.Scope))
        {
            form.Add(new(OAuthParameters.Scope, request.Scope));
        }

        if (request.RequestedTokenType is not null)
        {
            form.Add(new(OAuthParameters.RequestedTokenType, request.RequestedTokenType));
        }

        var target = request.Resource?.AbsoluteUri ?? request.Audience;
        return SendWithRetriesAsync(new GrantRequest(form, request.Scope, target, Exchange: true), stopRetrying, cancellationToken);
    }

    private async Task<IssuedToken> SendWithRetriesAsync(GrantRequest grant, Func<bool> stopRetrying, CancellationToken cancellationToken)
    {
        var clientId = options.ClientId!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (grant.Exchange)
                {
                    Log.ExchangeRequesting(logger, clientId, grant.Scope, grant.Target, attempt);
                }
                else
                {
                    Log.TokenRequesting(logger, clientId, grant.Scope, grant.Target, attempt);
                }

                var issued = await SendOnceAsync(grant, cancellationToken).ConfigureAwait(false);
                if (grant.Exchange)
                {
                    Log.TokenExchanged(logger, clientId, issued.Token.Scope, issued.Token.IssuedTokenType, issued.Lifetime.TotalSeconds);
                }
                else
                {
                    Log.TokenIssued(logger, clientId, issued.Token.Scope, issued.Lifetime.TotalSeconds);
                }

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

    private async Task<IssuedToken> SendOnceAsync(GrantRequest grant, CancellationToken cancellationToken)
    {
        try
        {
            return await SendOnceCoreAsync(grant, cancellationToken).ConfigureAwait(false);
        }
        catch (MandateTokenException ex) when (dpop is not null && ex.Error == OAuthErrorCodes.UseDpopNonce && ex.NonceChanged)
        {
            // RFC 9449 §8: one retry with the nonce the server just sent.
            return await SendOnceCoreAsync(grant, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IssuedToken> SendOnceCoreAsync(GrantRequest grant, CancellationToken cancellationToken)
    {
        var endpoint = await metadata.GetTokenEndpointAsync(cancellationToken).ConfigureAwait(false);
        // A copy per attempt: private_key_jwt adds a fresh assertion (new jti) to each one.
        var form = new List<KeyValuePair<string, string>>(grant.Form);

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        authentication().Apply(request, form, endpoint);
        request.Content = new FormUrlEncodedContent(form);
        dpop?.Attach(request, accessToken: null);

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
            var nonceChanged = dpop?.Remember(endpoint, response) ?? false;
            return response.IsSuccessStatusCode
                ? ReadToken(body, grant, sentAt, response.StatusCode, dpop is not null)
                : throw ReadError(body, response, nonceChanged);
        }
    }

    private static IssuedToken ReadToken(byte[] body, GrantRequest grant, DateTimeOffset sentAt, HttpStatusCode status, bool dpop)
    {
        var json = TokenEndpointResponse.Parse(body);
        if (json is null || string.IsNullOrEmpty(json.AccessToken))
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The token response has no access_token.", status, isTransient: false);
        }

        // RFC 8693 §2.2.1: issued_token_type is REQUIRED in a token exchange response.
        var issuedType = string.IsNullOrEmpty(json.IssuedTokenType) ? null : json.IssuedTokenType;
        if (grant.Exchange && issuedType is null)
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The token exchange response has no issued_token_type.", status, isTransient: false);
        }

        // A client with DPoP expects DPoP-bound tokens (RFC 9449 §5); one without expects Bearer (RFC 6750), since a
        // bound token is useless without the key. RFC 8693 §2.2.1: token_type "N_A" marks a token that is not an access token.
        var expected = dpop ? TokenTypes.DPoP : TokenTypes.Bearer;
        var notAccessToken = grant.Exchange && issuedType != TokenTypes.AccessToken && string.Equals(json.TokenType, NotApplicable, StringComparison.OrdinalIgnoreCase);
        if (!notAccessToken && !string.Equals(json.TokenType, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, $"The token response has a token_type other than {expected}.", status, isTransient: false);
        }

        if (json.ExpiresIn is not { } seconds || !double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(365).TotalSeconds)
        {
            throw new MandateTokenException(MandateTokenException.InvalidResponse, "The token response has no usable expires_in.", status, isTransient: false);
        }

        var lifetime = TimeSpan.FromSeconds(seconds);
        // RFC 6749 §5.1: an omitted scope means the requested scope was granted.
        var scope = json.Scope ?? grant.Scope;
        var tokenType = notAccessToken ? NotApplicable : expected;
        return new IssuedToken(new AccessToken(json.AccessToken, sentAt + lifetime, scope, tokenType) { IssuedTokenType = issuedType }, sentAt, lifetime);
    }

    private MandateTokenException ReadError(byte[] body, HttpResponseMessage response, bool nonceChanged)
    {
        var status = response.StatusCode;
        var json = TokenEndpointResponse.Parse(body);
        var code = string.IsNullOrEmpty(json?.Error) ? null : json.Error;
        var transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            || code is OAuthErrorCodes.TemporarilyUnavailable or OAuthErrorCodes.ServerError;
        code ??= transient
            ? (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests ? OAuthErrorCodes.TemporarilyUnavailable : OAuthErrorCodes.ServerError)
            : MandateTokenException.InvalidResponse;
        return new MandateTokenException(code, json?.ErrorDescription, status, transient)
        {
            RetryDelay = transient ? RetryDelays.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()) : null,
            NonceChanged = nonceChanged,
        };
    }
}
