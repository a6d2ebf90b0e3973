namespace Mandate.Server.Anomaly;

/// <summary>
/// A rule that needs store writes: it queues what it learns during <see cref="IAnomalyRule.EvaluateAsync"/> and
/// writes it, and raises the alerts that depend on the write, in one batch when the detector calls
/// <see cref="FlushAsync"/>: when the feed is momentarily empty, when <see cref="Pending"/> reaches
/// <see cref="MaxPending"/>, or once the oldest queued item is <see cref="MaxDelay"/> old.
/// </summary>
internal interface IBatchedAnomalyRule : IAnomalyRule
{
    /// <summary>The most items queued before the detector flushes.</summary>
    const int MaxPending = 256;

    /// <summary>The longest an item waits in the queue under sustained load.</summary>
    static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    /// <summary>Items queued since the last flush.</summary>
    int Pending { get; }

    /// <summary>When the oldest queued item was queued (detector clock); meaningless when <see cref="Pending"/> is 0.</summary>
    DateTimeOffset OldestQueuedAt { get; }

    /// <summary>Writes the queued items in one store call and adds the alerts they raise, with their inputs.</summary>
    /// <exception cref="Exception">The store failed: the items are dropped from memory so a later sighting retries them.</exception>
    ValueTask FlushAsync(List<(AnomalyAlert Alert, AnomalyInput Input)> alerts, CancellationToken cancellationToken);
}
