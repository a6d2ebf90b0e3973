using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Diagnostics;
using Mandate.ResourceServer.Revocation;
using Mandate.ResourceServer.Usage;
using Mandate.ResourceServer.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.ResourceServer;

/// <summary>Registers the Mandate bearer authentication scheme.</summary>
public static class MandateBearerExtensions
{
    /// <summary>Adds the <see cref="MandateBearerDefaults.AuthenticationScheme"/> scheme, which validates RFC 9068 JWT
    /// access tokens issued by <see cref="MandateBearerOptions.Issuer"/>. Options are validated at start-up; invalid
    /// options make the host fail to start with an <see cref="OptionsValidationException"/>.</summary>
    public static AuthenticationBuilder AddMandateBearer(this AuthenticationBuilder builder, Action<MandateBearerOptions> configureOptions) =>
        builder.AddMandateBearer(MandateBearerDefaults.AuthenticationScheme, configureOptions);

    /// <summary>Adds a Mandate bearer scheme under <paramref name="authenticationScheme"/>; each scheme has its own key
    /// cache and validated-token cache.</summary>
    public static AuthenticationBuilder AddMandateBearer(this AuthenticationBuilder builder, string authenticationScheme, Action<MandateBearerOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configureOptions);

        var services = builder.Services;
        services.AddMetrics();
        services.TryAddSingleton<MandateBearerMetrics>();
        services.TryAddSingleton<MandateBearerTracing>();
        services.TryAddSingleton<UsageEventDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, UsageEventPump>());
        services.TryAddSingleton<AccessTokenValidatorCollection>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MandateBearerOptions>, MandateBearerPostConfigureOptions>());
        services.AddSingleton<IValidateOptions<MandateBearerOptions>>(sp =>
            new MandateBearerOptionsValidator(authenticationScheme, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.ResourceServer")));
        services.AddOptions<MandateBearerOptions>(authenticationScheme).ValidateOnStart();
        services.AddSingleton(new MandateBearerSchemeName(authenticationScheme));
        services.TryAddSingleton<IntrospectionClient>();
        services.TryAddSingleton<Dpop.DpopReplayCache>();
        services.TryAddSingleton<Dpop.DpopApiNonces>();
        services.TryAddSingleton<Dpop.DpopRequestVerifier>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, RevocationFeedHostedService>());
        AddScopeChallenge(services);
        return builder.AddScheme<MandateBearerOptions, MandateBearerHandler>(authenticationScheme, displayName: null, configureOptions);
    }

    /// <summary>Installs the result handler that reports the missing scope in 403 responses, unless the host already
    /// registered its own (then 403s carry no scope attribute).</summary>
    private static void AddScopeChallenge(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
        if (existing is null || existing.ImplementationType == typeof(AuthorizationMiddlewareResultHandler))
        {
            services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, MandateAuthorizationResultHandler>());
        }
    }
}
