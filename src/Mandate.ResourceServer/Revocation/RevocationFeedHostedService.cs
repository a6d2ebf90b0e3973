// Starts the revocation feed subscription of every Mandate bearer scheme that enables it
// (MandateBearerOptions.UseRevocationFeed) when the host starts, so the deny list is filling before the
// first request, and stops it with the host.
using Mandate.ResourceServer.Validation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mandate.ResourceServer.Revocation;

internal sealed class RevocationFeedHostedService(
    IEnumerable<MandateBearerSchemeName> schemes,
    IOptionsMonitor<MandateBearerOptions> options,
    AccessTokenValidatorCollection validators) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var scheme in schemes)
        {
            var schemeOptions = options.Get(scheme.Name);
            if (schemeOptions.UseRevocationFeed && validators.Get(scheme.Name, schemeOptions).Feed is { } feed)
            {
                _running.Add(Task.Run(() => feed.RunAsync(_stopping.Token), CancellationToken.None));
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running).WaitAsync(cancellationToken).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
