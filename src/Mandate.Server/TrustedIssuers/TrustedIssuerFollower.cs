// Several servers sharing one store that pushes changes (IStoreChangeSignal): drops this server's
// TrustedIssuerRegistry snapshot as soon as another server added, replaced or removed a trusted issuer, instead of
// after RegistryRefreshInterval. Without a push (or with following off) the registry's own refresh interval applies.
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mandate.Server.TrustedIssuers;

internal sealed class TrustedIssuerFollower(
    TrustedIssuerRegistry registry,
    IOptions<MandateServerOptions> options,
    IStoreChangeSignal? changes = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (changes is null || options.Value.StorePollInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (true)
            {
                await changes.WaitAsync(StoreChangeKind.TrustedIssuers).WaitAsync(stoppingToken).ConfigureAwait(false);
                registry.Invalidate();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
