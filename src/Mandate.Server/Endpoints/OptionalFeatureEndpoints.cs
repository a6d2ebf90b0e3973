// Maps the endpoints of an optional feature (Token Status Lists, Shared Signals, ...) only when the feature's
// Add... method registered it. The container is asked whether the feature's marker service is registered, without
// constructing it: constructing it would open the store while the routes are mapped, before the server's start-up
// checks, which are where a store that is down must be reported.
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Endpoints;

internal static class OptionalFeatureEndpoints
{
    /// <summary>Runs <paramref name="map"/> when <typeparamref name="TMarker"/> is registered; otherwise maps nothing.</summary>
    public static void MapIfRegistered<TMarker>(IEndpointRouteBuilder endpoints, Action<IEndpointRouteBuilder> map)
    {
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(TMarker)) == true)
        {
            map(endpoints);
        }
    }
}
