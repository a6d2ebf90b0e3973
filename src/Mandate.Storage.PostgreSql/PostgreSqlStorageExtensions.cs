using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mandate.Storage.PostgreSql;

/// <summary>Registers the PostgreSQL storage provider.</summary>
public static class PostgreSqlStorageExtensions
{
    /// <summary>
    /// Registers one <see cref="PostgreSqlDatabase"/> for <paramref name="connectionString"/> and the PostgreSQL
    /// <see cref="IAgentStore"/>, <see cref="ISigningKeyStore"/>, <see cref="IReplayCache"/>,
    /// <see cref="IServerSecretStore"/>, <see cref="IRevocationStore"/>, <see cref="IAuditStore"/>,
    /// <see cref="IDelegationLinkStore"/>, <see cref="IRefreshTokenStore"/>, <see cref="IAuthorizationDetailTypeStore"/>,
    /// <see cref="IAgentMonitoringStore"/>, <see cref="ITrustedIssuerStore"/>, <see cref="IRateLimitStore"/>, <see cref="IStatusListStore"/>, <see cref="IStoreHealth"/>, <see cref="IClientRegistrationStore"/>, <see cref="ISecurityEventStore"/> and <see cref="IStoreChangeSignal"/> (LISTEN/NOTIFY), all singletons.
    /// </summary>
    /// <example><c>builder.Services.AddMandateServer(o => o.Issuer = "https://auth.example.com").UsePostgreSql(connectionString);</c></example>
    /// <remarks>
    /// Existing registrations of those services are removed first, so the call wins over in-memory defaults
    /// whether it runs before or after the server's <c>TryAdd*</c> calls. The database is connected to and migrated
    /// when <see cref="PostgreSqlDatabase"/> is first resolved. The replay cache uses the registered
    /// <see cref="TimeProvider"/>, or <see cref="TimeProvider.System"/> when none is.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">An Npgsql connection string; keep it out of command lines and logs.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null, empty or blank.</exception>
    public static IServiceCollection UsePostgreSql(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.RemoveAll<PostgreSqlDatabase>();
        services.RemoveAll<IAgentStore>();
        services.RemoveAll<ISigningKeyStore>();
        services.RemoveAll<IReplayCache>();
        services.RemoveAll<IServerSecretStore>();
        services.RemoveAll<IRevocationStore>();
        services.RemoveAll<IAuditStore>();
        services.RemoveAll<IDelegationLinkStore>();
        services.RemoveAll<IRefreshTokenStore>();
        services.RemoveAll<IAuthorizationDetailTypeStore>();
        services.RemoveAll<IAgentMonitoringStore>();
        services.RemoveAll<ITrustedIssuerStore>();
        services.RemoveAll<IRateLimitStore>();
        services.RemoveAll<IStatusListStore>();
        services.RemoveAll<IStoreHealth>();
        services.RemoveAll<IClientRegistrationStore>();
        services.RemoveAll<ISecurityEventStore>();
        services.RemoveAll<IStoreChangeSignal>();

        // Resolved once, at start-up (DI factories are synchronous).
        services.AddSingleton(_ => PostgreSqlDatabase.OpenAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton<IAgentStore>(sp => new PostgreSqlAgentStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<ISigningKeyStore>(sp => new PostgreSqlSigningKeyStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IServerSecretStore>(sp => new PostgreSqlServerSecretStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IRevocationStore>(sp => new PostgreSqlRevocationStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IAuditStore>(sp => new PostgreSqlAuditStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IDelegationLinkStore>(sp => new PostgreSqlDelegationLinkStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IRefreshTokenStore>(sp => new PostgreSqlRefreshTokenStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IAuthorizationDetailTypeStore>(sp => new PostgreSqlAuthorizationDetailTypeStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IAgentMonitoringStore>(sp => new PostgreSqlAgentMonitoringStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<ITrustedIssuerStore>(sp => new PostgreSqlTrustedIssuerStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IStoreHealth>(sp => new PostgreSqlStoreHealth(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IStatusListStore>(sp => new PostgreSqlStatusListStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IClientRegistrationStore>(sp => new PostgreSqlClientRegistrationStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<ISecurityEventStore>(sp => new PostgreSqlSecurityEventStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.AddSingleton<IRateLimitStore>(sp => new PostgreSqlRateLimitStore(
            sp.GetRequiredService<PostgreSqlDatabase>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IReplayCache>(sp => new PostgreSqlReplayCache(
            sp.GetRequiredService<PostgreSqlDatabase>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IStoreChangeSignal>(sp => new PostgreSqlChangeListener(
            sp.GetRequiredService<PostgreSqlDatabase>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILoggerFactory>()?.CreateLogger<PostgreSqlChangeListener>()));
        return services;
    }
}
