using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Agent;

/// <summary>Registers <see cref="MandateTokenClient"/> and <see cref="MandateTokenHandler"/> with DI and HttpClientFactory.</summary>
public static class MandateAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="MandateTokenClient"/> configured by <paramref name="configure"/>,
    /// with options validated at start-up. Its token requests use the named HttpClient
    /// <see cref="MandateTokenClient.HttpClientName"/>; the <see cref="TimeProvider"/> registered in DI
    /// is used unless the options set one.
    /// </summary>
    /// <returns>The builder of the token HttpClient, to add handlers (proxies, test servers) to it.</returns>
    public static IHttpClientBuilder AddMandateTokenClient(this IServiceCollection services, Action<MandateTokenClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MandateTokenClientOptions>()
            .Configure(configure)
            .PostConfigure<IServiceProvider>(static (options, provider) => options.TimeProvider ??= provider.GetService<TimeProvider>())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MandateTokenClientOptions>, MandateTokenClientOptionsValidator>());
        services.TryAddSingleton(static provider =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new MandateTokenClient(
                () => factory.CreateClient(MandateTokenClient.HttpClientName),
                provider.GetRequiredService<IOptions<MandateTokenClientOptions>>().Value,
                provider.GetService<ILoggerFactory>(),
                provider.GetService<IMeterFactory>());
        });
        return services.AddHttpClient(MandateTokenClient.HttpClientName)
            .ConfigureHttpClient(static client => client.MaxResponseContentBufferSize = 1024 * 1024);
    }

    /// <summary>
    /// Adds a <see cref="MandateTokenHandler"/> to this HttpClient: every request carries the agent's
    /// bearer token for the configured scope and resource. Requires
    /// <see cref="AddMandateTokenClient"/>.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddMandateAccessToken(this IHttpClientBuilder builder, Action<MandateAccessTokenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<MandateAccessTokenOptions>(builder.Name).Configure(configure);
        return builder.AddHttpMessageHandler(provider => new MandateTokenHandler(
            provider.GetRequiredService<MandateTokenClient>(),
            provider.GetRequiredService<IOptionsMonitor<MandateAccessTokenOptions>>().Get(builder.Name),
            provider.GetService<ILogger<MandateTokenHandler>>()));
    }

    /// <summary>
    /// Adds a <see cref="MandateTokenExchangeHandler"/> to this HttpClient: each request's subject token (set with
    /// <see cref="MandateTokenExchangeHandler.SetSubjectToken"/>) is exchanged (RFC 8693) for a token for the
    /// configured resource and scope, which the request then carries. Requires <see cref="AddMandateTokenClient"/>.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddMandateTokenExchange(this IHttpClientBuilder builder, Action<MandateTokenExchangeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<MandateTokenExchangeOptions>(builder.Name).Configure(configure);
        return builder.AddHttpMessageHandler(provider => new MandateTokenExchangeHandler(
            provider.GetRequiredService<MandateTokenClient>(),
            provider.GetRequiredService<IOptionsMonitor<MandateTokenExchangeOptions>>().Get(builder.Name)));
    }
}
