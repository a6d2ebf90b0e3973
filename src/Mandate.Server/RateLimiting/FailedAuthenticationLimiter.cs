// Failed client authentication at the token endpoint, limited per claimed client id and per source address
// (RateLimitOptions). Failures are counted in IRateLimitStore, shared by every server on the store; once a
// count reaches its limit this node remembers the block until the window ends, so the check on the request path
// is a dictionary lookup and never a store read. While blocked, an address gets 429 before authentication; a
// client id's further failures get 429 without an audit record or log line (one line when the block starts).
// A correct secret still authenticates while its client id is blocked: secrets are high-entropy, so the limit
// protects the audit store and the log, and an attacker cannot lock a legitimate agent out by naming it.
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.RateLimiting;

internal sealed class FailedAuthenticationLimiter(
    Mandate.Storage.IRateLimitStore store, TimeProvider timeProvider, IOptions<RateLimitOptions> options, ILogger<FailedAuthenticationLimiter> logger)
{
    private const int MaxBlocked = 100_000;
    private const int MaxClientIdLength = 256;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);

    /// <summary>The remaining block of <paramref name="address"/>, or null when it may authenticate.</summary>
    public TimeSpan? AddressBlocked(IPAddress? address) => address is null || _blockedUntil.IsEmpty ? null : Blocked(AddressKey(address));

    /// <summary>The remaining block of failures naming <paramref name="clientId"/>, or null.</summary>
    public TimeSpan? ClientBlocked(string? clientId) =>
        clientId is null || clientId.Length > MaxClientIdLength || _blockedUntil.IsEmpty ? null : Blocked("fail-client:" + clientId);

    /// <summary>Counts one failed authentication naming <paramref name="clientId"/> from <paramref name="address"/>. A store failure is logged and not counted.</summary>
    public async ValueTask RecordFailureAsync(string? clientId, IPAddress? address, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (start, end) = FixedWindow.Of(timeProvider.GetUtcNow(), settings.FailedAuthenticationWindow);
        try
        {
            if (clientId is not null && clientId.Length <= MaxClientIdLength)
            {
                await CountAsync("fail-client:" + clientId, "client_id", clientId, settings.FailedAuthenticationsPerClientId, start, end, cancellationToken).ConfigureAwait(false);
            }

            if (address is not null)
            {
                await CountAsync(AddressKey(address), "address", Normalize(address).ToString(), settings.FailedAuthenticationsPerAddress, start, end, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RateLimitLog.StoreFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    private async ValueTask CountAsync(string key, string kind, string value, int limit, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var count = await store.IncrementAsync(key, start, end, cancellationToken).ConfigureAwait(false);
        if (count < limit)
        {
            return;
        }

        if (_blockedUntil.Count >= MaxBlocked)
        {
            _blockedUntil.Clear();
        }

        if (_blockedUntil.GetValueOrDefault(key) < end)
        {
            _blockedUntil[key] = end;
            RateLimitLog.FailuresLimited(logger, kind, Mandate.Protocol.UntrustedText.ForRecord(value, MaxClientIdLength) ?? "", limit, end);
        }
    }

    private TimeSpan? Blocked(string key)
    {
        if (!_blockedUntil.TryGetValue(key, out var until))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (now < until)
        {
            return until - now;
        }

        _blockedUntil.TryRemove(KeyValuePair.Create(key, until));
        return null;
    }

    private static string AddressKey(IPAddress address) => "fail-address:" + Normalize(address);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
