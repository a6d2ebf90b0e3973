using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Agent.Tests.Infrastructure;

/// <summary>A <see cref="FakeTimeProvider"/> that reports every timer created on it, so a test can wait
/// until the code under test is really waiting before it advances the clock (no sleeping, no polling).</summary>
public sealed class TimerTrackingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> created = Channel.CreateUnbounded<TimeSpan>();

    public TimerTrackingTimeProvider()
        : base(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        created.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created (a retry delay, for example).</summary>
    public async Task<TimeSpan> NextTimerAsync()
    {
        // A safety net against a hung test, not a timing assertion.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await created.Reader.ReadAsync(guard.Token);
    }

    /// <summary>Due times of timers created so far and not yet read.</summary>
    public IReadOnlyList<TimeSpan> DrainTimers()
    {
        var list = new List<TimeSpan>();
        while (created.Reader.TryRead(out var due))
        {
            list.Add(due);
        }

        return list;
    }
}
