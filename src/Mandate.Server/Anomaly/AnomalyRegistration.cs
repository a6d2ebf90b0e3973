using Mandate.Server.Audit;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>DI registration of anomaly detection and alerting (called by <c>AddMandateServer</c>).</summary>
internal static class AnomalyRegistration
{
    public static void AddAnomalyDetection(IServiceCollection services)
    {
        services.AddOptions<AnomalyOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnomalyOptions>, AnomalyOptionsValidator>());
        services.TryAddSingleton<IAgentMonitoringStore, InMemoryAgentMonitoringStore>();
        services.TryAddSingleton<MonitoringPolicyCache>();
        services.TryAddSingleton<GeoIpCountryLookup>();
        services.TryAddSingleton<AlertMetrics>();
        services.TryAddSingleton<AlertWebhookSender>();
        services.TryAddSingleton<AlertDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnomalyRule, InactiveAgentRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnomalyRule, OutOfPolicyRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnomalyRule, RateSpikeRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnomalyRule, HoursRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnomalyRule, NetworkRule>());
        services.TryAddSingleton<AnomalyDetector>();
        services.TryAddSingleton<AnomalyFeed>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditBatchObserver, AnomalyFeed>(static sp => sp.GetRequiredService<AnomalyFeed>()));
    }

    /// <summary>The hosted services, registered once with the server's other hosted services.</summary>
    public static void AddHostedServices(IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<AnomalyDetector>());
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<AlertWebhookSender>());
    }
}
