using Mandate.Admin.Console;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mandate.Admin;

/// <summary>
/// Adds and maps the operator console: server-rendered HTML pages under <c>/console</c> over the same agent
/// services and audit as the admin API (docs/console.md). Operators sign in with the credentials of an
/// agent holding an admin scope; sessions are server-side, cookies HttpOnly and SameSite=Strict, every form
/// carries an anti-forgery token, and every page is served with a strict Content-Security-Policy.
/// </summary>
public static class MandateConsoleExtensions
{
    /// <summary>Registers the console's services. Call after <c>AddMandateServer</c> and <c>AddMandateAdmin</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMandateConsole(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MandateConsoleOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MandateConsoleOptions>, MandateConsoleOptionsValidator>());
        services.TryAddSingleton<ConsoleReadRights>();
        services.TryAddSingleton<ConsoleSessionStore>();
        services.TryAddSingleton<ConsoleSignIn>();
        services.TryAddSingleton<ConsoleAuditReader>();
        ConsoleOidc.Add(services);
        return services;
    }

    /// <summary>Maps the console's pages under <c>/console</c>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapMandateConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ConsoleAssets.Map(endpoints);
        ConsoleSignInEndpoints.Map(endpoints);
        ConsoleOverviewPage.Map(endpoints);
        ConsoleAgentPages.Map(endpoints);
        ConsoleAgentActions.Map(endpoints);
        ConsoleTokenPages.Map(endpoints);
        ConsolePolicyPages.Map(endpoints);
        ConsoleAuditPages.Map(endpoints);
        ConsoleKeyPages.Map(endpoints);
        ConsoleAlertPages.Map(endpoints);
        return endpoints;
    }
}
