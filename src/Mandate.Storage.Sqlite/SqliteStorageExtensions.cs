using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mandate.Storage.Sqlite;

/// <summary>Registers the SQLite storage provider.</summary>
public static class SqliteStorageExtensions
{
    /// <summary>
    /// Registers one <see cref="SqliteDatabase"/> for <paramref name="databasePath"/> and the SQLite
    /// <see cref="IAgentStore"/>, <see cref="ISigningKeyStore"/>, <see cref="IReplayCache"/>,
    /// <see cref="IServerSecretStore"/>, <see cref="IRevocationStore"/>, <see cref="IAuditStore"/>, <see cref="IDelegationLinkStore"/>,
    /// <see cref="IRefreshTokenStore"/>, <see cref="IAuthorizationDetailTypeStore"/>, <see cref="IAgentMonitoringStore"/>, <see cref="ITrustedIssuerStore"/>, <see cref="IRateLimitStore"/>, <see cref="IStatusListStore"/>, <see cref="IStoreHealth"/>, <see cref="IClientRegistrationStore"/> and <see cref="ISecurityEventStore"/>, all singletons.
    /// </summary>
    /// <remarks>
    /// Existing registrations of those services are removed first, so the call wins over in-memory
    /// defaults whether it runs before or after the server's <c>TryAdd*</c> calls. The file is opened
    /// and migrated when <see cref="SqliteDatabase"/> is first resolved. The replay cache uses the
    /// registered <see cref="TimeProvider"/>, or <see cref="TimeProvider.System"/> when none is.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="databasePath">Path of the database file, e.g. <c>.mandate/mandate.db</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is null, empty or blank.</exception>
    public static IServiceCollection AddMandateSqliteStorage(this IServiceCollection services, string databasePath) =>
        AddMandateSqliteStorage(services, databasePath, SqliteDatabase.DefaultBusyTimeout);

    /// <summary>Registers the SQLite provider like <see cref="AddMandateSqliteStorage(IServiceCollection, string)"/>, with the
    /// bound on lock waits (<see cref="SqliteDatabase.BusyTimeout"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="databasePath">Path of the database file.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's lock: 10 ms – 1 min.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddMandateSqliteStorage(this IServiceCollection services, string databasePath, TimeSpan busyTimeout)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);

        services.RemoveAll<SqliteDatabase>();
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

        services.AddSingleton(_ => SqliteDatabase.Open(databasePath, busyTimeout));
        services.AddSingleton<IAgentStore>(sp => new SqliteAgentStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<ISigningKeyStore>(sp => new SqliteSigningKeyStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IServerSecretStore>(sp => new SqliteServerSecretStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IRevocationStore>(sp => new SqliteRevocationStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IAuditStore>(sp => new SqliteAuditStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IDelegationLinkStore>(sp => new SqliteDelegationLinkStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IRefreshTokenStore>(sp => new SqliteRefreshTokenStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IAuthorizationDetailTypeStore>(sp => new SqliteAuthorizationDetailTypeStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IAgentMonitoringStore>(sp => new SqliteAgentMonitoringStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<ITrustedIssuerStore>(sp => new SqliteTrustedIssuerStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IStoreHealth>(sp => new SqliteStoreHealth(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IStatusListStore>(sp => new SqliteStatusListStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IClientRegistrationStore>(sp => new SqliteClientRegistrationStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<ISecurityEventStore>(sp => new SqliteSecurityEventStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IReplayCache>(sp => new SqliteReplayCache(
            sp.GetRequiredService<SqliteDatabase>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IRateLimitStore>(sp => new SqliteRateLimitStore(
            sp.GetRequiredService<SqliteDatabase>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
