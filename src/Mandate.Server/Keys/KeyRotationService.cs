// The signing-key schedule (STYLE §12, three phases as in Duende's key management): every
// KeyRotationCheckInterval on the injected TimeProvider it
//   1. adds a pending key when the active key will reach KeyRotationInterval within KeyPropagationDelay
//      (so the new key activates on time), unless a pending key exists;
//   2. activates a pending key once it has been published for KeyPropagationDelay (every resource server's
//      JWKS cache has seen it, so no request fails on an unknown kid); the previous key becomes retired;
//   3. removes a retired key from the JWKS once MaxAccessTokenLifetime + ClockSkew have passed since it stopped
//      signing (every token it signed has expired).
// `mandate key rotate` adds a pending key now (phase 1 on demand); phases 2 and 3 follow the same schedule.
// Several servers sharing one store may all run this schedule: phase 1 and 2 are compare-and-swaps in the store
// (a key is added only while the expected key is the only active one and none is pending; a key is activated only
// while it is still pending), so exactly one server rotates and the others see its key (docs/revocation.md).
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Keys;

internal sealed class KeyRotationService(
    SigningKeyRing ring,
    MandateServerInitializer initializer,
    KeyAudit audit,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    ILogger<KeyRotationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await initializer.InitializeAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.KeyRotationCheckInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or System.Data.Common.DbException)
            {
                Log.KeyRotationFailed(logger, exception);
            }
        }
    }

    /// <summary>Runs the three phases once against the current time.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var records = await ring.ListAsync(cancellationToken).ConfigureAwait(false);
        SigningKeyRecord? active = null, pending = null;
        foreach (var record in records)
        {
            if (record.State == SigningKeyState.Active && (active is null || record.ActivatedAt > active.ActivatedAt))
            {
                active = record;
            }
            else if (record.State == SigningKeyState.Pending && (pending is null || record.CreatedAt < pending.CreatedAt))
            {
                pending = record;
            }
        }

        // Phase 0: two servers that started on an empty store at once both activated a key; keep the newest.
        foreach (var record in records)
        {
            if (record.State == SigningKeyState.Active && active is not null && record.KeyId != active.KeyId)
            {
                await ring.RetireStaleActiveAsync(record.KeyId, cancellationToken).ConfigureAwait(false);
            }
        }

        if (pending is null && active is not null && settings.KeyRotationInterval > TimeSpan.Zero
            && (active.ActivatedAt ?? active.CreatedAt) + settings.KeyRotationInterval - settings.KeyPropagationDelay <= now)
        {
            pending = await ring.TryRotateFromAsync(active.KeyId, cancellationToken).ConfigureAwait(false);
            if (pending is not null)
            {
                Log.KeyRotationScheduled(logger, pending.KeyId, pending.CreatedAt + settings.KeyPropagationDelay);
                await audit.WriteAsync(pending.KeyId, "generated (scheduled rotation)", cancellationToken).ConfigureAwait(false);
            }
        }

        if (pending is not null && pending.CreatedAt + settings.KeyPropagationDelay <= now)
        {
            if (await ring.ActivatePendingAsync(pending.KeyId, cancellationToken).ConfigureAwait(false))
            {
                await audit.WriteAsync(pending.KeyId, "activated (scheduled rotation)", cancellationToken).ConfigureAwait(false);
                if (active is not null)
                {
                    await audit.WriteAsync(active.KeyId, "retired (scheduled rotation)", cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var retention = settings.MaxAccessTokenLifetime + settings.ClockSkew;
        foreach (var record in records)
        {
            if (record.State == SigningKeyState.Retired && record.RetiredAt is { } retiredAt && retiredAt + retention <= now)
            {
                if (await ring.RemoveAsync(record.KeyId, cancellationToken).ConfigureAwait(false))
                {
                    Log.SigningKeyRemoved(logger, record.KeyId);
                    await audit.WriteAsync(record.KeyId, "removed (every token it signed has expired)", cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
