namespace Mandate.ResourceServer.Usage;

/// <summary>Receives <see cref="MandateUsageEvent"/>s. Register with
/// <see cref="MandateUsageExtensions.AddMandateUsageSink{TSink}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>.
/// Calls come one at a time from a background loop, in request order, never on the request path; an exception is
/// logged (event 7020) and the next event is still delivered. A slow sink delays only later events: when more than
/// 10,000 wait, new ones are dropped and counted (<c>mandate.resource_server.usage.dropped</c>).</summary>
public interface IMandateUsageSink
{
    /// <summary>Handles one event. <paramref name="cancellationToken"/> is cancelled when the host stops.</summary>
    ValueTask OnUsageAsync(MandateUsageEvent usage, CancellationToken cancellationToken);
}
