// DI registration and endpoint mapping of the Mandate authorization server.
using Mandate.Protocol;
using Mandate.Server.Admin;
using Mandate.Server.Faults;
using Mandate.Server.Anomaly;
using Mandate.Server.Agents;
using Mandate.Server.Audit;
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.ClientIdMetadata;
using Mandate.Server.Dpop;
using Mandate.Server.Endpoints;
using Mandate.Server.Grants;
using Mandate.Server.Health;
using Mandate.Server.Grants.ClientCredentials;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Server.Grants.JwtBearer;
using Mandate.Server.Grants.TokenExchange;
using Mandate.Server.Keys;
using Mandate.Server.RateLimiting;
using Mandate.Server.Registration;
using Mandate.Server.Revocation;
using Mandate.Server.SharedSignals;
using Mandate.Server.StatusList;
using Mandate.Server.Tokens;
using Mandate.Server.TrustedIssuers;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mandate.Server;

/// <summary>Adds the Mandate authorization server to a host.</summary>
public static class MandateServerExtensions
{
    /// <summary>
    /// Registers the server. Every service is added with <c>TryAdd</c>, so the host may replace any of them
    /// (for example storage: <c>AddMandateSqliteStorage</c> replaces the in-memory default stores, before or
    /// after this call). Options are validated when the host starts; invalid options stop it with
    /// <see cref="OptionsValidationException"/>. Calling it twice adds <paramref name="configure"/> again but
    /// registers services once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="MandateServerOptions"/>; <see cref="MandateServerOptions.Issuer"/> is required.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMandateServer(this IServiceCollection services, Action<MandateServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MandateServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MandateServerOptions>, MandateServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        if (!services.Any(static d => d.ServiceType == typeof(StoreReadinessCheck)))
        {
            services.AddSingleton<StoreReadinessCheck>();
            services.TryAddSingleton<Faults.StoreFaultState>();
            services.AddHealthChecks().AddCheck<StoreReadinessCheck>("store", tags: [StoreReadinessCheck.Tag]);
        }

        // Storage defaults: in-memory, replaceable.
        services.TryAddSingleton<IAgentStore, InMemoryAgentStore>();
        services.TryAddSingleton<ISigningKeyStore, InMemorySigningKeyStore>();
        services.TryAddSingleton<IServerSecretStore, InMemoryServerSecretStore>();
        services.TryAddSingleton<IReplayCache>(static sp => new InMemoryReplayCache(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRevocationStore, InMemoryRevocationStore>();
        services.TryAddSingleton<IAuditStore, InMemoryAuditStore>();
        services.TryAddSingleton<IDelegationLinkStore, InMemoryDelegationLinkStore>();
        services.TryAddSingleton<IRefreshTokenStore, InMemoryRefreshTokenStore>();
        services.TryAddSingleton<IAuthorizationDetailTypeStore, InMemoryAuthorizationDetailTypeStore>();

        services.TryAddSingleton(static sp => new IssuerUris(sp.GetRequiredService<IOptions<MandateServerOptions>>().Value.Issuer!));
        services.TryAddSingleton<ServerMetrics>();
        services.TryAddSingleton<ServerTracing>();
        services.TryAddSingleton<AuditMetrics>();
        services.TryAddSingleton<GroupCommitAuditSink>();
        services.TryAddSingleton<IAuditSink>(static sp => sp.GetRequiredService<GroupCommitAuditSink>());
        services.TryAddSingleton<AuditRetentionService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationObserver, AuditRevocationObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentLifecycleObserver, AuditAgentLifecycleObserver>());
        services.TryAddSingleton<KeyAudit>();
        services.TryAddSingleton<KeyEncryptionKeyProvider>();
        services.TryAddSingleton<KeyProtector>();
        services.TryAddSingleton<SigningKeyRing>();
        services.TryAddSingleton<ClientSecretHasher>();
        services.TryAddSingleton<AgentCache>();
        services.TryAddSingleton<LastUsedTracker>();
        services.TryAddSingleton<AgentPolicyValidator>();
        services.TryAddSingleton<AgentService>();
        services.TryAddSingleton<AdminBootstrapper>();
        services.TryAddSingleton<AdminIssuerChange>();
        services.TryAddSingleton<GrantHandlerRegistry>();
        services.TryAddSingleton<ClientAuthenticationStep>();
        services.TryAddSingleton<AgentAccessPolicyStep>();
        // Rate limits: per-agent token request limits and failed-authentication limits, counted in the shared store.
        services.TryAddSingleton<IRateLimitStore>(static sp => new InMemoryRateLimitStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IStoreHealth, InMemoryStoreHealth>();
        services.AddOptions<RateLimitOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.TryAddSingleton<AgentRateLimitStep>();
        services.TryAddSingleton<FailedAuthenticationLimiter>();
        services.TryAddSingleton<TokenIdGenerator>();
        services.TryAddSingleton<ITokenIssuer, JwtAccessTokenIssuer>();
        services.TryAddSingleton<TokenEndpoint>();
        // DPoP (RFC 9449): proof checks at /token, stateless server nonces, per-agent requirement.
        services.AddOptions<DpopOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DpopOptions>, DpopOptionsValidator>());
        services.TryAddSingleton<DpopNonces>();
        services.TryAddSingleton<DpopProofStep>();
        // FAPI 2.0 Security Profile switch (docs/fapi2.md).
        services.AddOptions<Fapi2.Fapi2Options>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Fapi2.Fapi2Options>, Fapi2.Fapi2OptionsValidator>());
        services.TryAddSingleton<Fapi2.Fapi2Profile>();
        services.TryAddSingleton<MetadataEndpoint>();
        services.TryAddSingleton<JwksEndpoint>();
        services.TryAddSingleton<RevocationList>();
        services.TryAddSingleton<DelegationRegistry>();
        services.TryAddSingleton<RevocationFeedSignal>();
        services.TryAddSingleton<RevocationService>();
        services.TryAddSingleton<IssuedTokenReader>();
        services.TryAddSingleton<RevocationEndpoint>();
        services.TryAddSingleton<IntrospectionEndpoint>();
        services.TryAddSingleton<RevocationFeedEndpoint>();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrantHandler, ClientCredentialsGrantHandler>());
        services.AddOptions<TokenExchangeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenExchangeOptions>, TokenExchangeOptionsValidator>());
        services.TryAddSingleton<ExchangedTokenReader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrantHandler, TokenExchangeGrantHandler>());
        // Refresh tokens: RFC 6749 §6 grant with RFC 9700 §4.14.2 rotation.
        services.AddOptions<RefreshTokenOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RefreshTokenOptions>, RefreshTokenOptionsValidator>());
        services.TryAddSingleton<RefreshTokenValues>();
        services.TryAddSingleton<RefreshTokenService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrantHandler, RefreshTokenGrantHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentLifecycleObserver, RefreshTokenLifecycleObserver>());
        // RFC 9396 authorization_details.
        services.AddOptions<AuthorizationDetailsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthorizationDetailsOptions>, AuthorizationDetailsOptionsValidator>());
        services.TryAddSingleton<AuthorizationDetailsPolicy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClientAuthenticator, ClientSecretBasicAuthenticator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClientAuthenticator, ClientSecretPostAuthenticator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClientAuthenticator, PrivateKeyJwtAuthenticator>());
        services.TryAddSingleton<DecoySignatureCheck>();
        // Client ID Metadata Documents: URL client ids, closed until the host adds a trust rule.
        services.AddOptions<ClientIdMetadataDocumentOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientIdMetadataDocumentOptions>, ClientIdMetadataDocumentOptionsValidator>());
        services.TryAddSingleton<MetadataDocumentFetcher>();
        services.TryAddSingleton<ClientIdMetadataDocumentResolver>();

        // Dynamic client registration (RFC 7591, RFC 7592); closed unless enabled, and then only with an initial access token.
        services.TryAddSingleton<IClientRegistrationStore, InMemoryClientRegistrationStore>();
        services.AddOptions<ClientRegistrationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientRegistrationOptions>, ClientRegistrationOptionsValidator>());
        services.TryAddSingleton<RegistrationCredentials>();
        services.TryAddSingleton<InitialAccessTokenService>();
        services.TryAddSingleton<ClientMetadataValidator>();
        services.TryAddSingleton<ClientRegistrationService>();
        services.TryAddSingleton<ClientRegistrationEndpoint>();

        // Trusted external issuers: jwt-bearer grant, workload identity, external subject tokens, ID-JAG.
        services.TryAddSingleton<ITrustedIssuerStore, InMemoryTrustedIssuerStore>();
        services.AddOptions<TrustedIssuerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustedIssuerOptions>, TrustedIssuerOptionsValidator>());
        services.TryAddSingleton<TrustedIssuerRegistry>();
        services.TryAddSingleton<TrustedIssuerKeys>();
        services.TryAddSingleton<ExternalAssertionValidator>();
        services.TryAddSingleton<ExternalSubjectExchange>();
        services.TryAddSingleton<IdJagExchange>();
        services.TryAddSingleton<WorkloadIdentityAuthenticator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrantHandler, JwtBearerGrantHandler>());

        // Anomaly detection and alerts.
        AnomalyRegistration.AddAnomalyDetection(services);

        // Start order (hosted services start in registration order, stop in reverse, all before Kestrel
        // listens): the audit writer first, because the initializer already writes audit records (bootstrap
        // admin, first signing key) and awaits their commit; then the initializer, so keys exist before
        // anything else starts. Stopping, the writer goes last and commits what the others wrote.
        services.TryAddSingleton<MandateServerInitializer>();
        services.TryAddSingleton<LastUsedFlushService>();
        services.TryAddSingleton<KeyRotationService>();
        services.TryAddSingleton<OrphanDetector>();
        services.TryAddSingleton<OrphanSweepService>();
        services.TryAddSingleton<RevocationPurgeService>();
        services.TryAddSingleton<RevocationFollower>();
        services.TryAddSingleton<KeyRingFollower>();
        services.TryAddSingleton<AgentChangeFollower>();
        services.TryAddSingleton<TrustedIssuerFollower>();
        if (!services.Any(static d => d.ServiceType == typeof(MandateServerMarker)))
        {
            services.AddSingleton<MandateServerMarker>();
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<GroupCommitAuditSink>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<MandateServerInitializer>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<LastUsedFlushService>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<KeyRotationService>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<OrphanSweepService>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<RevocationFollower>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<KeyRingFollower>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<AgentChangeFollower>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<TrustedIssuerFollower>());
            AnomalyRegistration.AddHostedServices(services);
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<AuditRetentionService>());
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<RevocationPurgeService>());
        }

        return services;
    }

    /// <summary>
    /// Maps <c>GET /healthz</c> (live), <c>GET /readyz</c> (store reachable), <c>POST /token</c>, <c>GET /.well-known/oauth-authorization-server</c>,
    /// <c>GET /.well-known/openid-configuration</c>, <c>GET /jwks</c>, <c>POST /revoke</c> (RFC 7009),
    /// <c>POST /introspect</c> (RFC 7662), <c>GET /revocations</c> (the revocation feed), <c>POST /register</c> and
    /// <c>GET|PUT|DELETE /register/{client_id}</c> (RFC 7591, RFC 7592; only when <see cref="ClientRegistrationOptions.Enabled"/>), <c>GET /statuslists</c> and <c>GET /statuslists/{n}</c> (when
    /// <c>AddMandateStatusList</c> was called), and the Shared Signals transmitter (<c>/.well-known/ssf-configuration</c>, <c>/ssf/...</c>, when <c>AddMandateSharedSignals</c> was called). The admin API under <c>/admin</c> lives in
    /// <c>Mandate.Admin</c> (<c>AddMandateAdmin</c> + <c>MapMandateAdmin</c>), so a host maps it only when it chooses.
    /// The paths are relative to <paramref name="endpoints"/>; when the issuer has a path (e.g.
    /// <c>https://host/auth</c>) map them in a group or path base that matches it, or behind a proxy that
    /// strips it. For such an issuer the metadata is also served at
    /// <c>/.well-known/oauth-authorization-server/auth</c>, its RFC 8414 §3.1 location.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapMandateServer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var host = endpoints;
        // Every endpoint answers a store fault with 503 + Retry-After and one log line (Faults/StoreFaultGuard).
        endpoints = endpoints.MapGroup(string.Empty).WithStoreFaultGuard();
        endpoints.MapPost("/token", static context => context.RequestServices.GetRequiredService<TokenEndpoint>().HandleAsync(context));
        endpoints.MapMethods("/token", [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch], static context =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return OAuthErrorResult.WithStatus(ErrorDescriptions.MethodNotAllowed, StatusCodes.Status405MethodNotAllowed).ExecuteAsync(context);
        });

        RequestDelegate metadata = static context => context.RequestServices.GetRequiredService<MetadataEndpoint>().HandleAsync(context);
        const string MetadataPath = Mandate.Protocol.Metadata.AuthorizationServerMetadataNames.WellKnownPath;
        endpoints.MapGet(MetadataPath, metadata);
        endpoints.MapGet("/.well-known/openid-configuration", metadata);
        // RFC 8414 §3.1: for an issuer with a path (https://host/tenant), the metadata's own location puts
        // the well-known segment between host and path (https://host/.well-known/oauth-authorization-server/tenant).
        // Served too, so RFC 8414 clients (Mandate.ResourceServer, the CLI) find it where a proxy forwards it.
        if (endpoints.ServiceProvider.GetRequiredService<IssuerUris>().IssuerPath is { Length: > 0 } issuerPath)
        {
            endpoints.MapGet(MetadataPath + issuerPath, metadata);
        }
        endpoints.MapGet("/jwks", static context => context.RequestServices.GetRequiredService<JwksEndpoint>().HandleAsync(context));
        endpoints.MapPost("/revoke", static context => context.RequestServices.GetRequiredService<RevocationEndpoint>().HandleAsync(context));
        endpoints.MapPost("/introspect", static context => context.RequestServices.GetRequiredService<IntrospectionEndpoint>().HandleAsync(context));
        endpoints.MapGet("/revocations", static context => context.RequestServices.GetRequiredService<RevocationFeedEndpoint>().HandleAsync(context));

        StatusListServiceCollectionExtensions.MapStatusLists(endpoints);
        SharedSignalsServiceCollectionExtensions.MapSharedSignals(endpoints);

        if (endpoints.ServiceProvider.GetRequiredService<IOptions<ClientRegistrationOptions>>().Value.Enabled)
        {
            endpoints.MapPost("/register", static context => context.RequestServices.GetRequiredService<ClientRegistrationEndpoint>().RegisterAsync(context));
            endpoints.MapMethods("/register/{client_id}", [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete],
                static context => context.RequestServices.GetRequiredService<ClientRegistrationEndpoint>().ManageAsync(context));
        }

        // Kubernetes-style probes: /healthz = the process answers (no checks); /readyz = the store answers.
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static _ => false });
        // An unhealthy /readyz is a 503; load balancers and clients expect Retry-After with it (RFC 9110 §10.2.3).
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(StoreReadinessCheck.Tag),
            ResponseWriter = static (context, report) =>
            {
                if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
                {
                    OAuthErrorResult.WriteRetryAfter(context.Response, OAuthErrorResult.DefaultRetryAfter);
                }

                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync(report.Status.ToString());
            },
        });
        return host;
    }

    private sealed class MandateServerMarker;
}
