namespace Mandate.Storage;

/// <summary>Remembers one-time identifiers (RFC 7523 §3 item 7: a <c>jti</c> is used once).</summary>
public interface IReplayCache
{
    /// <summary>
    /// Records <paramref name="jti"/> for <paramref name="issuer"/> until <paramref name="expiresAt"/>.
    /// Returns true the first time, false when the pair is already recorded and not yet expired.
    /// An entry is expired from the instant <c>now &gt;= expiresAt</c>. Issuer and jti compare
    /// case-sensitively (ordinal).
    /// </summary>
    ValueTask<bool> TryAddAsync(string issuer, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
