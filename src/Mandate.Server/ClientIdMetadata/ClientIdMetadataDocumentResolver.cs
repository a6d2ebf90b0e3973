// Resolves a URL client id (draft-ietf-oauth-client-id-metadata-document) to an agent, for private_key_jwt client
// authentication. Order: the URL's syntax (§3), then the operator's trust rules (closed by default), then the
// document (fetched under MetadataDocumentFetcher's limits, cached per its HTTP caching headers, one fetch per URL
// at a time), then its keys. The client is kept as an agent in the store under an id derived from the URL, so it
// is listed, audited, alerted on, suspended and decommissioned like a registered agent; its policy comes from the
// trust rule, narrowed by the document. A suspended or decommissioned agent is never revived by a new fetch.
using System.Collections.Concurrent;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.ClientIdMetadata;

internal sealed class ClientIdMetadataDocumentResolver
{
    private readonly MetadataDocumentFetcher _fetcher;
    private readonly IAgentStore _store;
    private readonly AgentCache _agents;
    private readonly IAgentLifecycleObserver[] _observers;
    private readonly ClientIdMetadataDocumentOptions _options;
    private readonly MandateServerOptions _serverOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (string AgentId, DateTimeOffset FreshUntil)> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<(Agent? Agent, string Reason)>>> _inflight = new(StringComparer.Ordinal);

    public ClientIdMetadataDocumentResolver(
        MetadataDocumentFetcher fetcher,
        IAgentStore store,
        AgentCache agents,
        IEnumerable<IAgentLifecycleObserver> observers,
        IOptions<ClientIdMetadataDocumentOptions> options,
        IOptions<MandateServerOptions> serverOptions,
        TimeProvider timeProvider,
        ILogger<ClientIdMetadataDocumentResolver> logger)
    {
        _fetcher = fetcher;
        _store = store;
        _agents = agents;
        _observers = [.. observers];
        _options = options.Value;
        _serverOptions = serverOptions.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        if (_options.AllowHttpLoopbackForTesting)
        {
            Log.ClientMetadataLoopbackAllowed(logger);
        }
    }

    /// <summary>True when <paramref name="clientId"/> is a URL client id and at least one trust rule exists.</summary>
    public bool Handles(string clientId) => _options.Trust.Count > 0 && ClientIdUrl.LooksLikeUrl(clientId, _options.AllowHttpLoopbackForTesting);

    /// <summary>The agent for a URL client id, or null with an operator-facing reason. Never throws for bad input.</summary>
    public async ValueTask<(Agent? Agent, string Reason)> ResolveAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!ClientIdUrl.TryValidate(clientId, _options.AllowHttpLoopbackForTesting, out var url, out var reason))
        {
            return Refuse(clientId, reason);
        }

        if (FindRule(clientId) is not { } rule)
        {
            return Refuse(clientId, "no trust rule admits this client id");
        }

        if (_documents.TryGetValue(clientId, out var cached) && _timeProvider.GetUtcNow() < cached.FreshUntil
            && await _agents.FindAsync(cached.AgentId, cancellationToken).ConfigureAwait(false) is { } agent)
        {
            return (agent, "");
        }

        // Single flight: concurrent requests for one client id share one fetch.
        var lazy = _inflight.GetOrAdd(clientId, id => new Lazy<Task<(Agent?, string)>>(() => FetchAndStoreAsync(id, url!, rule, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inflight.TryRemove(new KeyValuePair<string, Lazy<Task<(Agent?, string)>>>(clientId, lazy));
        }
    }

    private ClientIdMetadataDocumentTrust? FindRule(string clientId)
    {
        foreach (var rule in _options.Trust)
        {
            if (clientId.StartsWith(rule.UrlPrefix!, StringComparison.Ordinal))
            {
                return rule;
            }
        }

        return null;
    }

    private async Task<(Agent?, string)> FetchAndStoreAsync(string clientId, Uri url, ClientIdMetadataDocumentTrust rule, CancellationToken cancellationToken)
    {
        var fetched = await _fetcher.GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
        if (fetched.Body is null)
        {
            return Refuse(clientId, fetched.Error!);
        }

        if (ClientMetadataDocument.Parse(fetched.Body, clientId, _options.AllowHttpLoopbackForTesting, out var reason) is not { } document)
        {
            return Refuse(clientId, reason);
        }

        var jwks = document.Jwks;
        var cacheFor = fetched.CacheFor;
        if (document.JwksUri is { } jwksUri)
        {
            var keys = await _fetcher.GetJsonAsync(jwksUri, cancellationToken).ConfigureAwait(false);
            if (keys.Body is null)
            {
                return Refuse(clientId, "jwks_uri " + keys.Error);
            }

            jwks = System.Text.Encoding.UTF8.GetString(keys.Body);
            cacheFor = keys.CacheFor < cacheFor ? keys.CacheFor : cacheFor;
        }

        if (!AgentKeys.TryParse(jwks!, out _, out var keyError))
        {
            return Refuse(clientId, keyError);
        }

        var desired = Describe(clientId, url, rule, document, jwks!);
        if (desired.AllowedScopes.Count == 0 || desired.AllowedGrantTypes.Count == 0)
        {
            return Refuse(clientId, "the document's scope or grant_types leave nothing the trust rule allows");
        }

        var agent = await StoreAsync(desired, cancellationToken).ConfigureAwait(false);
        _documents[clientId] = (agent.Id, _timeProvider.GetUtcNow() + cacheFor);
        Log.ClientMetadataDocumentFetched(_logger, Recordable(clientId), agent.Id, cacheFor.TotalSeconds);
        return (agent, "");
    }

    private Agent Describe(string clientId, Uri url, ClientIdMetadataDocumentTrust rule, ClientMetadataDocument document, string jwks)
    {
        var now = _timeProvider.GetUtcNow();
        var lifetime = rule.TokenLifetime < _serverOptions.MaxAccessTokenLifetime ? rule.TokenLifetime : _serverOptions.MaxAccessTokenLifetime;
        return new Agent
        {
            Id = AgentIdGenerator.FromClientIdUrl(clientId),
            ClientId = clientId,
            Name = UntrustedText.ForRecord(document.ClientName, 100) ?? url.Host,
            Owner = rule.Owner,
            AllowedScopes = Narrow(rule.Scopes, document.Scopes),
            AllowedAudiences = [.. rule.Audiences.Distinct(StringComparer.Ordinal)],
            AllowedGrantTypes = Narrow(rule.EffectiveGrantTypes, document.GrantTypes),
            TokenLifetime = lifetime,
            ExpiresAt = AgentExpiry.Resolve(null, now, _serverOptions),
            CreatedAt = now,
            Jwks = jwks,
            Status = AgentStatus.Active,
        };
    }

    private async Task<Agent> StoreAsync(Agent desired, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await _store.FindAsync(desired.Id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                try
                {
                    await _store.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
                    return await StoredAsync(desired, "create").ConfigureAwait(false);
                }
                catch (DuplicateAgentException) when (attempt < 3)
                {
                    continue; // another node stored it first
                }
            }

            // An operator's suspension or decommission stands; keep the stored record as it is.
            if (existing.Status != AgentStatus.Active || !NeedsUpdate(existing, desired))
            {
                _agents.Set(existing);
                return existing;
            }

            var updated = desired with { CreatedAt = existing.CreatedAt, LastUsedAt = existing.LastUsedAt, Version = existing.Version + 1 };
            if (await _store.UpdateAsync(updated, existing.Version, cancellationToken).ConfigureAwait(false) || attempt >= 3)
            {
                return await StoredAsync(updated, "metadata-document-refresh").ConfigureAwait(false);
            }
        }
    }

    private bool NeedsUpdate(Agent existing, Agent desired) =>
        existing.Jwks != desired.Jwks || existing.Name != desired.Name || existing.Owner != desired.Owner || existing.TokenLifetime != desired.TokenLifetime
        || !existing.AllowedScopes.SequenceEqual(desired.AllowedScopes) || !existing.AllowedAudiences.SequenceEqual(desired.AllowedAudiences)
        || !existing.AllowedGrantTypes.SequenceEqual(desired.AllowedGrantTypes)
        // Slide the expiry while the document keeps being served and used, in steps of half the agent lifetime.
        || existing.ExpiresAt is not { } expiresAt || expiresAt - _timeProvider.GetUtcNow() < _serverOptions.DefaultAgentLifetime / 2;

    private async Task<Agent> StoredAsync(Agent agent, string action)
    {
        _agents.Set(agent);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnAgentChangedAsync(agent, action, null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.LifecycleObserverFailed(_logger, exception, agent.Id, action);
            }
        }

        return agent;
    }

    private (Agent?, string) Refuse(string clientId, string reason)
    {
        Log.ClientMetadataDocumentRefused(_logger, Recordable(clientId), reason);
        return (null, "client metadata document: " + reason);
    }

    private static string? Recordable(string clientId) => UntrustedText.ForRecord(clientId, UntrustedText.MaxIdentifierLength);

    private static string[] Narrow(IEnumerable<string> allowed, IReadOnlyList<string>? requested) =>
        [.. allowed.Distinct(StringComparer.Ordinal).Where(value => requested is null || requested.Contains(value, StringComparer.Ordinal))];
}
