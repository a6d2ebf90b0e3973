using Mandate.Server.Agents;
using Mandate.Server.Audit;
using Mandate.Server.Endpoints;
using Mandate.Server.OwnTokens;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mandate.Server.SharedSignals;

/// <summary>Adds the Shared Signals transmitter (OpenID SSF 1.0, CAEP 1.0, RFC 8417/8935/8936) to the Mandate authorization server.</summary>
public static class SharedSignalsServiceCollectionExtensions
{
    /// <summary>
    /// Serves <c>/.well-known/ssf-configuration</c> and the stream management API under <c>{issuer}/ssf</c> (mapped by
    /// <c>MapMandateServer</c>), emits a signed SET for every token revocation, agent suspension, resumption,
    /// decommissioning, secret rotation, signing-key revocation and high-severity anomaly alert to each stream that asks for it, and delivers the SETs
    /// by push (a background service with retries) or poll. Streams and queued SETs live in <see cref="ISecurityEventStore"/>
    /// (in-memory unless a storage provider replaces it); nodes that share the store share them. Receivers authenticate
    /// with an access token for the audience <c>{issuer}/ssf</c> with the <c>ssf:manage</c> scope. Options are
    /// validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection, with <c>AddMandateServer</c> called before or after.</param>
    /// <param name="configure">Sets <see cref="SharedSignalsOptions"/>; the defaults suit most servers.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMandateSharedSignals(this IServiceCollection services, Action<SharedSignalsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SharedSignalsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SharedSignalsOptions>, SharedSignalsOptionsValidator>());
        services.TryAddSingleton<ISecurityEventStore, InMemorySecurityEventStore>();
        services.TryAddSingleton<SharedSignalsUris>();
        services.TryAddSingleton<OwnTokenAuthorizer>();
        services.TryAddSingleton<SharedSignalsAuthorizer>();
        services.TryAddSingleton<SharedSignalsHttp>();
        services.TryAddSingleton<SharedSignalsDeliverySignal>();
        services.TryAddSingleton<StreamSecretProtector>();
        services.TryAddSingleton<StreamSecretMigration>();
        services.TryAddSingleton<SecurityEventTokenWriter>();
        services.TryAddSingleton<SecurityEventPublisher>();
        services.TryAddSingleton<SharedSignalsMetadataEndpoint>();
        services.TryAddSingleton<SharedSignalsStreamEndpoints>();
        services.TryAddSingleton<SharedSignalsStatusEndpoints>();
        services.TryAddSingleton<SharedSignalsPollEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationObserver, SharedSignalsRevocationObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentLifecycleObserver, SharedSignalsAgentObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PushDeliveryService>());
        services.TryAddSingleton<SharedSignalsAlertFeed>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditBatchObserver, SharedSignalsAlertFeed>(static sp => sp.GetRequiredService<SharedSignalsAlertFeed>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SharedSignalsAlertFeed>(static sp => sp.GetRequiredService<SharedSignalsAlertFeed>()));
        return services;
    }

    /// <summary>Maps the Shared Signals endpoints when <see cref="AddMandateSharedSignals"/> was called; otherwise nothing.</summary>
    internal static void MapSharedSignals(IEndpointRouteBuilder endpoints) => OptionalFeatureEndpoints.MapIfRegistered<SharedSignalsStreamEndpoints>(endpoints, static endpoints =>
    {
        RequestDelegate metadata = static context => context.RequestServices.GetRequiredService<SharedSignalsMetadataEndpoint>().HandleAsync(context);
        endpoints.MapGet(SharedSignalsUris.MetadataPath, metadata);
        if (endpoints.ServiceProvider.GetRequiredService<IssuerUris>().IssuerPath is { Length: > 0 } issuerPath)
        {
            endpoints.MapGet(SharedSignalsUris.MetadataPath + issuerPath, metadata);
        }

        endpoints.MapPost(SharedSignalsUris.StreamsPath, static context => Streams(context).CreateAsync(context));
        endpoints.MapGet(SharedSignalsUris.StreamsPath, static context => Streams(context).ReadAsync(context));
        endpoints.MapPatch(SharedSignalsUris.StreamsPath, static context => Streams(context).UpdateAsync(context));
        endpoints.MapPut(SharedSignalsUris.StreamsPath, static context => Streams(context).ReplaceAsync(context));
        endpoints.MapDelete(SharedSignalsUris.StreamsPath, static context => Streams(context).DeleteAsync(context));
        endpoints.MapGet(SharedSignalsUris.StatusPath, static context => Status(context).ReadAsync(context));
        endpoints.MapPost(SharedSignalsUris.StatusPath, static context => Status(context).UpdateAsync(context));
        endpoints.MapPost(SharedSignalsUris.VerifyPath, static context => Status(context).VerifyAsync(context));
        endpoints.MapPost(SharedSignalsUris.PollPath + "/{streamId}", static context =>
            context.RequestServices.GetRequiredService<SharedSignalsPollEndpoint>().HandleAsync(context, (string)context.Request.RouteValues["streamId"]!));
    });

    private static SharedSignalsStreamEndpoints Streams(HttpContext context) => context.RequestServices.GetRequiredService<SharedSignalsStreamEndpoints>();

    private static SharedSignalsStatusEndpoints Status(HttpContext context) => context.RequestServices.GetRequiredService<SharedSignalsStatusEndpoints>();
}
