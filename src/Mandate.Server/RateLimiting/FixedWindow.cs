namespace Mandate.Server.RateLimiting;

/// <summary>Fixed windows aligned on the UTC epoch, so every server computes the same window for the same instant.</summary>
internal static class FixedWindow
{
    /// <summary>The window of length <paramref name="length"/> that holds <paramref name="now"/>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Of(DateTimeOffset now, TimeSpan length)
    {
        var ticks = now.UtcTicks - (now.UtcTicks % length.Ticks);
        var start = new DateTimeOffset(ticks, TimeSpan.Zero);
        return (start, start + length);
    }
}
