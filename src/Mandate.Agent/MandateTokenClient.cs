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
    private readonly TokenCache cache;
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
        var endpoint = new TokenEndpointClient(httpClient, options, () => authentication.Value, time, logger, metrics);
        cache = new TokenCache(
            (key, stopRetrying) => endpoint.RequestAsync(key, stopRetrying, disposed.Token),
            options,
            time,
            metrics,
            (error, remaining) => Log.RenewalFailedUsingCurrentToken(logger, options.ClientId!, error, remaining));
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
        return cache.GetAsync(Normalize(parameters), cancellationToken);
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

    /// <summary>Cancels in-flight token requests and releases the meter owned by this client.</summary>
    public void Dispose()
    {
        if (!disposed.IsCancellationRequested)
        {
            disposed.Cancel();
            metrics.Dispose();
        }
    }

    /// <summary>Describes the client without credentials.</summary>
    public override string ToString() => $"MandateTokenClient({options.ClientId} @ {options.Issuer})";

    // RFC 6749 §3.3: an empty scope is the same request as no scope.
    private static TokenRequestParameters Normalize(TokenRequestParameters? parameters) =>
        parameters is null ? TokenRequestParameters.Default
        : parameters.Scope is { Length: 0 } ? parameters with { Scope = null }
        : parameters;
}
