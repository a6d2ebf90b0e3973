using Mandate.Server;
using Mandate.Server.Anomaly;
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.ClientIdMetadata;
using Mandate.Server.Registration;
using Mandate.Server.Dpop;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Server.Grants.TokenExchange;
using Mandate.Server.RateLimiting;
using Mandate.Server.StatusList;
using Mandate.Server.SharedSignals;
using Mandate.Server.TrustedIssuers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Cli.Commands;

/// <summary>
/// Binds every server options class of <c>mandate serve</c> to its configuration section (docs/configuration.md):
/// <c>mandate.json</c> / <c>appsettings.json</c> in the working directory and environment variables such as
/// <c>Mandate__TokenExchange__MaxDelegationDepth=5</c>. Registered before the command-line flags, so a flag wins.
/// Values are validated at start; each invalid setting is one line of the start-up error.
/// </summary>
internal static class ServeConfiguration
{
    /// <summary>Each options class and the section it is bound from.</summary>
    public static readonly IReadOnlyList<(Type Options, string Section)> Sections =
    [
        (typeof(MandateServerOptions), "Mandate"),
        (typeof(TokenExchangeOptions), "Mandate:TokenExchange"),
        (typeof(RefreshTokenOptions), "Mandate:RefreshTokens"),
        (typeof(AuthorizationDetailsOptions), "Mandate:AuthorizationDetails"),
        (typeof(AnomalyOptions), "Mandate:Anomaly"),
        (typeof(TrustedIssuerOptions), "Mandate:TrustedIssuers"),
        (typeof(RateLimitOptions), "Mandate:RateLimits"),
        (typeof(ClientIdMetadataDocumentOptions), "Mandate:ClientIdMetadataDocuments"),
        (typeof(ClientRegistrationOptions), "Mandate:ClientRegistration"),
        (typeof(DpopOptions), "Mandate:Dpop"),
        (typeof(Mandate.Server.Fapi2.Fapi2Options), "Mandate:Fapi2"),
        (typeof(StatusListOptions), ServeStatusLists.Section),
        (typeof(SharedSignalsOptions), "Mandate:SharedSignals"),
        (typeof(Mandate.Admin.MandateConsoleOptions), "Mandate:Console"),
    ];

    /// <summary>Registers the bindings of <see cref="Sections"/> on <paramref name="services"/>.</summary>
    public static void Bind(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MandateServerOptions>().Bind(configuration.GetSection("Mandate"));
        // The FAPI 2.0 Security Profile (docs/fapi2.md), e.g. Mandate__Fapi2__Enabled=true or serve --profile fapi2.
        services.AddOptions<Mandate.Server.Fapi2.Fapi2Options>().Bind(configuration.GetSection("Mandate:Fapi2"));
        services.AddOptions<TokenExchangeOptions>().Bind(configuration.GetSection("Mandate:TokenExchange"));
        services.AddOptions<RefreshTokenOptions>().Bind(configuration.GetSection("Mandate:RefreshTokens"));
        services.AddOptions<AuthorizationDetailsOptions>().Bind(configuration.GetSection("Mandate:AuthorizationDetails"));
        services.AddOptions<AnomalyOptions>().Bind(configuration.GetSection("Mandate:Anomaly"));
        services.AddOptions<TrustedIssuerOptions>().Bind(configuration.GetSection("Mandate:TrustedIssuers"));
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection("Mandate:RateLimits"));
        // Client ID Metadata Documents (docs/mcp.md): closed until a trust rule is configured, e.g.
        // Mandate__ClientIdMetadataDocuments__Trust__0__UrlPrefix=https://agents.example.com/.
        services.AddOptions<ClientIdMetadataDocumentOptions>().Bind(configuration.GetSection("Mandate:ClientIdMetadataDocuments"));
        services.AddOptions<ClientRegistrationOptions>().Bind(configuration.GetSection("Mandate:ClientRegistration"));
        // DPoP (docs/dpop.md), e.g. Mandate__Dpop__DefaultRequirement=Required, Mandate__Dpop__RequireNonce=true. The binder
        // appends a configured list to the default one, so a configured SigningAlgorithms replaces the default instead.
        IConfigurationSection dpop = configuration.GetSection("Mandate:Dpop");
        services.AddOptions<DpopOptions>().Configure(options =>
        {
            dpop.Bind(options);
            if (dpop.GetSection(nameof(DpopOptions.SigningAlgorithms)).Get<string[]>() is { Length: > 0 } algorithms)
            {
                options.SigningAlgorithms = [.. algorithms];
            }
        });
        // Token Status Lists (docs/revocation.md): on unless Mandate:StatusList:Enabled is false (ServeStatusLists).
        services.AddOptions<StatusListOptions>().Bind(configuration.GetSection(ServeStatusLists.Section));
        // The Shared Signals transmitter (docs/ssf.md).
        services.AddOptions<SharedSignalsOptions>().Bind(configuration.GetSection("Mandate:SharedSignals"));
        // The operator console (docs/console.md): Mandate__Console__Enabled=false leaves it unmapped.
        services.AddOptions<Mandate.Admin.MandateConsoleOptions>().Bind(configuration.GetSection("Mandate:Console"));
    }
}
