using Mandate.Server.Endpoints;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mandate.Server.StatusList;

/// <summary>Adds Token Status Lists (draft-ietf-oauth-status-list) to the Mandate authorization server.</summary>
public static class StatusListServiceCollectionExtensions
{
    /// <summary>
    /// Gives every access token the server issues a <c>status</c> claim (a random index in one of the lists), sets the
    /// bits of the tokens each revocation covers, serves the lists at <c>{issuer}/statuslists/{n}</c> and the aggregation at
    /// <c>{issuer}/statuslists</c> (mapped by <c>MapMandateServer</c>), and names the aggregation in the metadata as
    /// <c>status_list_aggregation_endpoint</c>. Indexes live in <see cref="IStatusListStore"/> (in-memory unless a storage
    /// provider replaces it); nodes that share the store share the lists. Each issued token costs one store write.
    /// Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection, with <c>AddMandateServer</c> called before or after.</param>
    /// <param name="configure">Sets <see cref="StatusListOptions"/>; the defaults suit most servers.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMandateStatusList(this IServiceCollection services, Action<StatusListOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<StatusListOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatusListOptions>, StatusListOptionsValidator>());
        services.TryAddSingleton<IStatusListStore, InMemoryStatusListStore>();
        services.TryAddSingleton<StatusListUris>();
        services.TryAddSingleton<StatusListBlockLeaser>();
        services.TryAddSingleton<StatusListAllocator>();
        services.TryAddSingleton<StatusListTokenWriter>();
        services.TryAddSingleton<StatusListEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationObserver, StatusListRevocationObserver>());
        return services;
    }

    /// <summary>Maps the status-list endpoints when <see cref="AddMandateStatusList"/> was called; otherwise nothing.</summary>
    internal static void MapStatusLists(IEndpointRouteBuilder endpoints) => OptionalFeatureEndpoints.MapIfRegistered<StatusListEndpoint>(endpoints, static endpoints =>
    {
        endpoints.MapGet("/statuslists", static context => context.RequestServices.GetRequiredService<StatusListEndpoint>().HandleAggregationAsync(context));
        endpoints.MapGet("/statuslists/{id}", static context =>
            context.RequestServices.GetRequiredService<StatusListEndpoint>().HandleListAsync(context, (string)context.Request.RouteValues["id"]!));
    });
}
