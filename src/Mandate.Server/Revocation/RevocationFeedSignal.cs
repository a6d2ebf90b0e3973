// Wakes the server-sent-event streams of the revocation feed when an event is stored, so a push reaches
// subscribers without polling. One TaskCompletionSource per generation, replaced on every signal.
namespace Mandate.Server.Revocation;

internal sealed class RevocationFeedSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Notify"/>.</summary>
    public Task WaitAsync() => Volatile.Read(ref _next).Task;

    /// <summary>Completes the current waiters and starts a new generation.</summary>
    public void Notify()
    {
        var previous = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
