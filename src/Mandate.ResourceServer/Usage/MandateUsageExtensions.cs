using Microsoft.Extensions.DependencyInjection;

namespace Mandate.ResourceServer.Usage;

/// <summary>Registers receivers of the resource server's usage events.</summary>
public static class MandateUsageExtensions
{
    /// <summary>Adds <typeparamref name="TSink"/> (a singleton) as a receiver of every <see cref="MandateUsageEvent"/>.
    /// Usage events are raised only while at least one sink is registered.</summary>
    public static IServiceCollection AddMandateUsageSink<TSink>(this IServiceCollection services)
        where TSink : class, IMandateUsageSink
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IMandateUsageSink, TSink>();
        return services;
    }

    /// <summary>Adds <paramref name="onUsage"/> as a receiver of every <see cref="MandateUsageEvent"/>.</summary>
    public static IServiceCollection AddMandateUsageSink(this IServiceCollection services, Func<MandateUsageEvent, CancellationToken, ValueTask> onUsage)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(onUsage);
        services.AddSingleton<IMandateUsageSink>(new DelegateUsageSink(onUsage));
        return services;
    }

    private sealed class DelegateUsageSink(Func<MandateUsageEvent, CancellationToken, ValueTask> onUsage) : IMandateUsageSink
    {
        public ValueTask OnUsageAsync(MandateUsageEvent usage, CancellationToken cancellationToken) => onUsage(usage, cancellationToken);
    }
}
