using Mandate.Storage.Conformance;
using Mandate.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>The DI registration replaces in-memory defaults, whichever order they were added in.</summary>
public sealed class SqliteStorageExtensionsTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AddMandateSqliteStorage_AfterInMemoryTryAdd_ReplacesEveryStore()
    {
        var services = new ServiceCollection();
        AddInMemoryDefaults(services);

        services.AddMandateSqliteStorage(_directory.DatabasePath);

        AssertSqliteRegistered(services);
    }

    [Fact]
    public void AddMandateSqliteStorage_BeforeInMemoryTryAdd_StillWins()
    {
        var services = new ServiceCollection();

        services.AddMandateSqliteStorage(_directory.DatabasePath);
        AddInMemoryDefaults(services);

        AssertSqliteRegistered(services);
    }

    [Fact]
    public async Task AddMandateSqliteStorage_ReplayCache_UsesTheRegisteredTimeProvider()
    {
        var time = new FakeTimeProvider(TestData.Start);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        services.AddMandateSqliteStorage(_directory.DatabasePath);
        var provider = new SingletonProvider(services);
        var cache = provider.Get<IReplayCache>();

        Assert.True(await cache.TryAddAsync("iss", "jti", TestData.Start.AddMinutes(1), default));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await cache.TryAddAsync("iss", "jti", TestData.Start.AddMinutes(5), default));
    }

    [Fact]
    public void AddMandateSqliteStorage_BlankPath_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddMandateSqliteStorage(""));
    }

    private static void AddInMemoryDefaults(IServiceCollection services)
    {
        services.TryAddSingleton<IAgentStore, InMemoryAgentStore>();
        services.TryAddSingleton<ISigningKeyStore, InMemorySigningKeyStore>();
        services.TryAddSingleton<IServerSecretStore, InMemoryServerSecretStore>();
        services.TryAddSingleton<IReplayCache>(_ => new InMemoryReplayCache(TimeProvider.System));
    }

    private void AssertSqliteRegistered(IServiceCollection services)
    {
        foreach (var type in new[] { typeof(IAgentStore), typeof(ISigningKeyStore), typeof(IReplayCache), typeof(IServerSecretStore), typeof(SqliteDatabase) })
        {
            Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == type).Lifetime);
        }

        var provider = new SingletonProvider(services);
        Assert.IsType<SqliteAgentStore>(provider.Get<IAgentStore>());
        Assert.IsType<SqliteSigningKeyStore>(provider.Get<ISigningKeyStore>());
        Assert.IsType<SqliteReplayCache>(provider.Get<IReplayCache>());
        Assert.IsType<SqliteServerSecretStore>(provider.Get<IServerSecretStore>());
        Assert.Same(provider.Get<SqliteDatabase>(), provider.Get<SqliteDatabase>());
        _directory.Track(provider.Get<SqliteDatabase>());
        Assert.True(File.Exists(_directory.DatabasePath));
    }

    /// <summary>Resolves factory and instance singletons, enough to run the registrations without a container.</summary>
    private sealed class SingletonProvider(IServiceCollection services) : IServiceProvider
    {
        private readonly Dictionary<Type, object> _resolved = [];

        public T Get<T>() where T : notnull => (T)GetService(typeof(T))!;

        public object? GetService(Type serviceType)
        {
            if (_resolved.TryGetValue(serviceType, out var existing))
            {
                return existing;
            }

            var descriptor = services.LastOrDefault(d => d.ServiceType == serviceType);
            if (descriptor is null)
            {
                return null;
            }

            var instance = descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(this)
                ?? Activator.CreateInstance(descriptor.ImplementationType!)!;
            _resolved[serviceType] = instance;
            return instance;
        }
    }
}
