namespace Mandate.Storage;

/// <summary>Remembers one-time identifiers (RFC 7523 §3 item 7: a <c>jti</c> is used once).</summary>
public interface IReplayCache
{
    /// <summary>
    /// Records <paramref name="jti"/> for <paramref name="issuer"/> until <paramref name="expiresAt"/>.
    /// Returns true the first time, false when the pair is already recorded and not yet expired.
    /// </summary>
    ValueTask<bool> TryAddAsync(string issuer, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
