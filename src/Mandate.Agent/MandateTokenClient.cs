using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mandate.Agent;

/// <summary>
/// Obtains and caches access tokens for an agent with the client credentials grant (RFC 6749 §4.4).
/// Thread-safe; create one per agent identity and share it (DI registers it as a singleton).
/// </summary>
/// <remarks>
/// Tokens are cached per (scope, resource) and renewed once <see cref="MandateTokenClientOptions.RenewAt"/>
/// of their lifetime has passed (± <see cref="MandateTokenClientOptions.Jitter"/>). Concurrent callers
/// for the same key share one token request. While a renewal fails transiently, callers keep getting
/// the current token as long as it has more than <see cref="MandateTokenClientOptions.MinimumRemainingLifetime"/> left.
/// </remarks>
public sealed class MandateTokenClient : IDisposable
{
    /// <summary>Name of the <see cref="HttpClient"/> used for discovery and token requests when
    /// registered with <see cref="MandateAgentServiceCollectionExtensions.AddMandateTokenClient"/>.</summary>
    public const string HttpClientName = "Mandate.Agent.TokenClient";

    private readonly MandateTokenClientOptions options;
    private readonly TokenCache<TokenRequestParameters> cache;
    private readonly TokenCache<ExchangeCacheKey> exchanges;
    private readonly TokenEndpointClient endpoint;
    private readonly MandateAgentMetrics metrics;
    private readonly ILogger logger;
    private readonly CancellationTokenSource disposed = new();

    /// <summary>Creates a client that sends its token requests through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">Used for metadata and token requests; not disposed by this client.</param>
    /// <param name="options">Validated at once; later changes to the instance are not supported.</param>
    /// <param name="loggerFactory">Optional; log events 8000–8999 of category <c>Mandate.Agent.MandateTokenClient</c>.</param>
    /// <param name="meterFactory">Optional; without it the client owns a <c>Meter("Mandate.Agent")</c>.</param>
    /// <exception cref="OptionsValidationException">The options are outside their documented ranges.</exception>
    public MandateTokenClient(HttpClient httpClient, MandateTokenClientOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
        : this(() => httpClient, options, loggerFactory, meterFactory)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
    }

    internal MandateTokenClient(Func<HttpClient> httpClient, MandateTokenClientOptions options, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new MandateTokenClientOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MandateTokenClientOptions), result.Failures);
        }

        this.options = options;
        var time = options.TimeProvider ?? TimeProvider.System;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MandateTokenClient>();
        metrics = new MandateAgentMetrics(meterFactory);
        var authentication = new Lazy<IClientAuthentication>(() => ClientAuthenticationFactory.Create(options, time), LazyThreadSafetyMode.ExecutionAndPublication);
        Dpop = options.UseDpop ? new DpopSession(options.DpopKey, time) : null;
        endpoint = new TokenEndpointClient(httpClient, options, () => authentication.Value, time, logger, metrics, Dpop);
        Action<string, double> renewalFailed = (error, remaining) => Log.RenewalFailedUsingCurrentToken(logger, options.ClientId!, error, remaining);
        cache = new TokenCache<TokenRequestParameters>(options, time, metrics, renewalFailed);
        exchanges = new TokenCache<ExchangeCacheKey>(options, time, metrics, renewalFailed, options.MaxCachedExchanges);
    }

    /// <summary>Returns a cached token for <paramref name="parameters"/>, or requests one.</summary>
    /// <param name="parameters">Scope and resource; <see langword="null"/> for <see cref="TokenRequestParameters.Default"/>.</param>
    /// <param name="cancellationToken">Cancels this caller's wait; a shared in-flight request continues for other callers.</param>
    /// <returns>A token with more than <see cref="MandateTokenClientOptions.MinimumRemainingLifetime"/> left,
    /// or one issued by the request this call waited for.</returns>
    /// <exception cref="MandateTokenException">The server rejected the request (no retry), or transient
    /// failures outlasted the retry policy and no usable token was cached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<AccessToken> GetTokenAsync(TokenRequestParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed.IsCancellationRequested, this);
        var key = Normalize(parameters);
        return cache.GetAsync(key, (Client: this, Key: key), static (state, stopRetrying) =>
            state.Client.endpoint.RequestAsync(state.Key, stopRetrying, state.Client.disposed.Token), key.Scope, cancellationToken);
    }

    /// <summary>
    /// Exchanges <paramref name="subjectToken"/> for a new token (RFC 8693 token exchange), authenticating as this
    /// agent: to delegate to a sub-agent, or to call an API on the subject's behalf with narrower scopes. The result
    /// is cached like <see cref="GetTokenAsync"/> tokens, keyed by a SHA-256 of the request (subject and actor
    /// tokens, target, scope and token types), renewed at the same point of its lifetime, never handed out past the
    /// subject token's expiry, and bounded by <see cref="MandateTokenClientOptions.MaxCachedExchanges"/>.
    /// Concurrent callers with the same request share one token request.
    /// </summary>
    /// <param name="subjectToken">RFC 8693 §2.1 <c>subject_token</c>: the token of the party on whose behalf the
    /// request is made (for Mandate, a token addressed to this agent, <c>aud = urn:mandate:agent:{id}</c>).</param>
    /// <param name="request">Target, scope, actor and token types.</param>
    /// <param name="cancellationToken">Cancels this caller's wait; a shared in-flight request continues for other callers.</param>
    /// <returns>The issued token, with <see cref="AccessToken.IssuedTokenType"/> set (RFC 8693 §2.2.1).</returns>
    /// <exception cref="ArgumentException"><paramref name="subjectToken"/> is empty or <paramref name="request"/> is
    /// inconsistent (both <c>Resource</c> and <c>Audience</c>, a relative resource, both actor options).</exception>
    /// <exception cref="MandateTokenException">The server refused the exchange, with the RFC 8693 §2.2.2 / RFC 6749
    /// §5.2 code in <see cref="MandateTokenException.Error"/> (<c>invalid_request</c> for an unacceptable subject or
    /// actor token, <c>invalid_scope</c>, <c>invalid_target</c>, <c>unauthorized_client</c>), or transient failures
    /// outlasted the retry policy. The exception never contains a token.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AccessToken> ExchangeAsync(string subjectToken, TokenExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed.IsCancellationRequested, this);
        ArgumentException.ThrowIfNullOrEmpty(subjectToken);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();

        var actorToken = request.UseOwnTokenAsActor
            ? (await GetTokenAsync(request.OwnTokenParameters, cancellationToken).ConfigureAwait(false)).Value
            : request.ActorToken;
        var notAfter = request.SubjectTokenExpiresAt ?? SubjectTokenExpiry.TryRead(subjectToken);
        if (notAfter is null)
        {
            Log.SubjectExpiryUnknown(logger, options.ClientId!);
        }

        var key = ExchangeCacheKey.Create(subjectToken, actorToken, request);
        // The raw tokens live in this state only while a request for them is in flight.
        var state = (Client: this, Subject: subjectToken, Actor: actorToken, Request: request, NotAfter: notAfter);
        return await exchanges.GetAsync(key, state, static async (s, stopRetrying) =>
        {
            var issued = await s.Client.endpoint.ExchangeAsync(s.Subject, s.Request, s.Actor, stopRetrying, s.Client.disposed.Token).ConfigureAwait(false);
            // Unknown subject expiry: not cached (usable until the moment it was requested).
            return issued with { NotAfter = s.NotAfter ?? issued.SentAt };
        }, request.Scope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops <paramref name="token"/> from the cache when it is still the cached token for
    /// <paramref name="parameters"/>, so the next <see cref="GetTokenAsync"/> requests a new one.
    /// Call this when an API rejects the token with <c>invalid_token</c> (RFC 6750 §3.1).</summary>
    /// <returns><see langword="true"/> when the token was dropped; <see langword="false"/> when another
    /// token had already replaced it.</returns>
    public bool InvalidateToken(TokenRequestParameters? parameters, AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var dropped = cache.Invalidate(Normalize(parameters), token);
        if (dropped)
        {
            Log.TokenInvalidated(logger, options.ClientId!);
        }

        return dropped;
    }

    /// <summary>The RFC 7638 thumbprint of this agent's DPoP key (the <c>cnf.jkt</c> of its tokens), or null without DPoP.</summary>
    public string? DpopKeyThumbprint => Dpop?.Thumbprint;

    /// <summary>The agent's DPoP key and nonces, or null when <see cref="MandateTokenClientOptions.UseDpop"/> is off.</summary>
    internal DpopSession? Dpop { get; }

    /// <summary>Cancels in-flight token requests and releases the meter and the generated DPoP key owned by this client.</summary>
    public void Dispose()
    {
        if (!disposed.IsCancellationRequested)
        {
            disposed.Cancel();
            metrics.Dispose();
            Dpop?.Dispose();
        }
    }

    /// <summary>Entries in the exchanged-token cache (for tests of its bound).</summary>
    internal int CachedExchangeCount => exchanges.Count;

    /// <summary>Describes the client without credentials.</summary>
    public override string ToString() => $"MandateTokenClient({options.ClientId} @ {options.Issuer})";

    // RFC 6749 §3.3: an empty scope is the same request as no scope.
    private static TokenRequestParameters Normalize(TokenRequestParameters? parameters) =>
        parameters is null ? TokenRequestParameters.Default
        : parameters.Scope is { Length: 0 } ? parameters with { Scope = null }
        : parameters;
}
