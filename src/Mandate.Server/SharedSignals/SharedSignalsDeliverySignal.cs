namespace Mandate.Server.SharedSignals;

/// <summary>Wakes the push loop when this node queued a push event, so a SET leaves at once rather than at the next
/// <see cref="SharedSignalsOptions.DeliveryInterval"/>. Events queued by other nodes are found on the next round.</summary>
internal sealed class SharedSignalsDeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up serves every event queued before it.
        }
    }

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, linked.Token);
        var wake = _signal.WaitAsync(linked.Token);
        await Task.WhenAny(delay, wake).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, wake).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loser of the race was cancelled (or the host is stopping; the caller's token says which).
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
