using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Agent.Tests.Infrastructure;

/// <summary>A fake server, a fake clock, captured logs and a DI container with the agent SDK wired to them.</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    public const string ApiClientName = "api";

    private AgentHarness(FakeTokenServer server, ServiceProvider services, CapturingLoggerProvider logs, NetworkSwitch refuse)
    {
        Server = server;
        Services = services;
        Logs = logs;
        Refuse = refuse;
    }

    public FakeTokenServer Server { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Set <see cref="NetworkSwitch.Down"/> to make token requests fail with connection refused.</summary>
    public NetworkSwitch Refuse { get; }

    public TimerTrackingTimeProvider Time => (TimerTrackingTimeProvider)Services.GetRequiredService<TimeProvider>();

    public MandateTokenClient Client => Services.GetRequiredService<MandateTokenClient>();

    public HttpClient Api => Services.GetRequiredService<IHttpClientFactory>().CreateClient(ApiClientName);

    public static async Task<AgentHarness> StartAsync(Action<MandateTokenClientOptions>? configure = null, string? scope = "tools:read")
    {
        var server = await FakeTokenServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        var refuse = new NetworkSwitch();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new TimerTrackingTimeProvider());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddMandateTokenClient(o =>
            {
                o.Issuer = server.Issuer;
                o.ClientId = server.ClientId;
                o.ClientSecret = server.ClientSecret;
                configure?.Invoke(o);
            })
            .AddHttpMessageHandler(() => new ConnectionRefusedHandler(refuse));
        services.AddHttpClient(ApiClientName, c => c.BaseAddress = server.Issuer)
            .AddMandateAccessToken(o => o.Scope = scope);
        return new AgentHarness(server, services.BuildServiceProvider(validateScopes: true), logs, refuse);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
