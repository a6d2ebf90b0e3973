namespace Mandate.Storage;

/// <summary>
/// Fixed-window event counters shared by every server that uses the same store, so a limit holds across
/// nodes (per-agent token request limits, failed client authentication per client id and per address).
/// Implementations are thread-safe, and the increment is atomic: of N concurrent calls for one window, the
/// returned counts are 1..N in some order.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Counts one event for <paramref name="key"/> in the window that starts at <paramref name="windowStart"/>
    /// and ends at <paramref name="windowEnd"/>. Counters of windows that have ended (on the store's clock) may
    /// be deleted by any call.
    /// </summary>
    /// <param name="key">The counter, e.g. <c>agent-minute:agt_…</c>; at most 512 characters.</param>
    /// <param name="windowStart">Start of the fixed window; together with <paramref name="key"/> it names the counter.</param>
    /// <param name="windowEnd">End of the window (exclusive), after which the counter may be deleted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of events in this window, this one included (1 for the first).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    ValueTask<long> IncrementAsync(string key, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken);
}
