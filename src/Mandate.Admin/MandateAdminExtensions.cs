using Mandate.Server.Faults;
using Mandate.Server.OwnTokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>
/// Adds and maps Mandate's admin API (<c>/admin/...</c>: agents, keys, audit, monitoring, trusted issuers,
/// authorization-details types, initial access tokens of client registration). It is separate from <c>AddMandateServer</c>/<c>MapMandateServer</c> so that a
/// host embedding the authorization server exposes the operator surface only where it chooses (for example
/// not on nodes that only issue tokens). Every route requires an admin access token issued by the same server.
/// </summary>
public static class MandateAdminExtensions
{
    /// <summary>Registers the admin API's services. Call after <c>AddMandateServer</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMandateAdmin(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<OwnTokenAuthorizer>();
        services.TryAddSingleton<AdminAuthorizer>();
        services.TryAddSingleton<TrustedIssuerFactory>();
        return services;
    }

    /// <summary>Maps the admin API's routes under <c>/admin</c>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapMandateAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var host = endpoints;
        // A store fault is a 503 + Retry-After with one log line, never a 500 (Mandate.Server's StoreFaultGuard).
        endpoints = endpoints.MapGroup(string.Empty).WithStoreFaultGuard();
        AdminAgentEndpoints.Map(endpoints);
        AdminKeyEndpoints.Map(endpoints);
        AdminAuditEndpoints.Map(endpoints);
        AdminAuthorizationDetailsEndpoints.Map(endpoints);
        AdminMonitoringEndpoints.Map(endpoints);
        AdminTrustedIssuerEndpoints.Map(endpoints);
        AdminRegistrationTokenEndpoints.Map(endpoints);
        return host;
    }
}
