// One validator (key cache + validated-token cache) per authentication scheme, held by a DI singleton so the
// caches outlive the transient handlers. Built on first use from that scheme's options; later options changes
// are not picked up (the caches are tied to one issuer and audience).
using System.Collections.Concurrent;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.ResourceServer.Diagnostics;
using Mandate.ResourceServer.Jwks;
using Mandate.ResourceServer.Revocation;
using Mandate.ResourceServer.StatusList;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Validation;

internal sealed class AccessTokenValidatorCollection(MandateBearerMetrics metrics, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, Lazy<AccessTokenValidator>> _validators = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger("Mandate.ResourceServer");

    /// <summary>Revoked token ids held by the deny lists of every scheme built so far.</summary>
    public long DenyListSize
    {
        get
        {
            long total = 0;
            foreach (var validator in _validators.Values)
            {
                if (validator.IsValueCreated)
                {
                    total += validator.Value.DenyList.TokenCount;
                }
            }

            return total;
        }
    }

    public AccessTokenValidator Get(string scheme, MandateBearerOptions options) =>
        _validators.GetOrAdd(scheme, static (name, state) => new Lazy<AccessTokenValidator>(() => state.Self.Create(name, state.Options)), (Self: this, Options: options)).Value;

    private AccessTokenValidator Create(string scheme, MandateBearerOptions options)
    {
        metrics.ObserveDenyListSize(() => DenyListSize);
        var timeProvider = options.TimeProvider ?? TimeProvider.System;
        var settings = JwksCacheSettings.From(options);
        var client = new IssuerMetadataClient(options.Backchannel!, settings, _logger);
        var keys = new JwksCache(client, settings, timeProvider, metrics, _logger);
        var denyList = new RevocationDenyList(timeProvider);
        var feed = options.UseRevocationFeed
            ? new RevocationFeedClient(options.Backchannel!, options.RevocationFeedAddress ?? new Uri(options.Issuer!.TrimEnd('/') + "/revocations"), denyList, timeProvider, _logger)
            : null;
        var parameters = CreateParameters(options, timeProvider);
        StatusListCache? statusLists = null;
        if (options.UseStatusList)
        {
            var fetcher = new StatusListFetcher(options.Backchannel!, keys, StatusListFetcher.ParametersFor(parameters), timeProvider, _logger);
            statusLists = new StatusListCache(fetcher, options.StatusListGracePeriod, timeProvider, _logger);
            feed?.OnEvent(statusLists.MarkStale);
        }

        return new AccessTokenValidator(scheme, parameters, keys, new ValidatedTokenCache(options.ValidatedTokenCacheSize), denyList, feed, statusLists, timeProvider, metrics, _logger);
    }

    internal static JwtValidationParameters CreateParameters(MandateBearerOptions options, TimeProvider timeProvider)
    {
        var algorithms = new List<SignatureAlgorithm>();
        foreach (var name in options.AllowedAlgorithms)
        {
            if (SignatureAlgorithm.TryGet(name, out var algorithm))
            {
                algorithms.Add(algorithm);
            }
        }

        return new JwtValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudiences = [options.Audience!],
            ValidTypes = [.. AccessTokenClaims.JwtTypes], // RFC 9068 §4 item 1 (compared case-insensitively by JwtValidator)
            AllowedAlgorithms = algorithms,
            ClockSkew = options.ClockSkew,
            TimeProvider = timeProvider,
            MaxTokenLength = options.MaxTokenLength,
            RequireExpirationTime = true,
            RequiredClaims = [.. AccessTokenClaims.Required], // RFC 9068 §2.2
        };
    }
}
