using Mandate.Server;
using Mandate.Server.Anomaly;
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.ClientIdMetadata;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Server.Grants.TokenExchange;
using Mandate.Server.RateLimiting;
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
        (typeof(SharedSignalsOptions), "Mandate:SharedSignals"),
    ];

    /// <summary>Registers the bindings of <see cref="Sections"/> on <paramref name="services"/>.</summary>
    public static void Bind(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MandateServerOptions>().Bind(configuration.GetSection("Mandate"));
        services.AddOptions<TokenExchangeOptions>().Bind(configuration.GetSection("Mandate:TokenExchange"));
        services.AddOptions<RefreshTokenOptions>().Bind(configuration.GetSection("Mandate:RefreshTokens"));
        services.AddOptions<AuthorizationDetailsOptions>().Bind(configuration.GetSection("Mandate:AuthorizationDetails"));
        services.AddOptions<AnomalyOptions>().Bind(configuration.GetSection("Mandate:Anomaly"));
        services.AddOptions<TrustedIssuerOptions>().Bind(configuration.GetSection("Mandate:TrustedIssuers"));
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection("Mandate:RateLimits"));
        // Client ID Metadata Documents (docs/mcp.md): closed until a trust rule is configured, e.g.
        // Mandate__ClientIdMetadataDocuments__Trust__0__UrlPrefix=https://agents.example.com/.
        services.AddOptions<ClientIdMetadataDocumentOptions>().Bind(configuration.GetSection("Mandate:ClientIdMetadataDocuments"));
        // The Shared Signals transmitter (docs/ssf.md), for hosts that add it.
        services.AddOptions<SharedSignalsOptions>().Bind(configuration.GetSection("Mandate:SharedSignals"));
    }
}
