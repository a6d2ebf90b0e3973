using System.Globalization;

namespace Mandate.Cli.Time;

/// <summary>Formats durations for people: the two most significant units, e.g. <c>4m 12s</c>, <c>3d 2h</c>.</summary>
public static class DurationFormatter
{
    /// <summary>Formats the absolute value of <paramref name="duration"/>.</summary>
    /// <param name="duration">Any duration; the sign is ignored. Below one second prints <c>0s</c>.</param>
    /// <returns>Such as <c>90d</c>, <c>2h 5m</c>, <c>4m 12s</c>, <c>7s</c>.</returns>
    public static string Format(TimeSpan duration)
    {
        long seconds = (long)Math.Abs(Math.Floor(duration.Duration().TotalSeconds));
        (long Value, string Unit)[] parts =
        [
            (seconds / 86_400, "d"),
            (seconds / 3_600 % 24, "h"),
            (seconds / 60 % 60, "m"),
            (seconds % 60, "s"),
        ];

        int first = Array.FindIndex(parts, p => p.Value != 0);
        if (first < 0)
        {
            return "0s";
        }

        string text = parts[first].Value.ToString(CultureInfo.InvariantCulture) + parts[first].Unit;
        if (first + 1 < parts.Length && parts[first + 1].Value != 0)
        {
            text += " " + parts[first + 1].Value.ToString(CultureInfo.InvariantCulture) + parts[first + 1].Unit;
        }

        return text;
    }

    /// <summary>Describes an expiry relative to <paramref name="now"/>: <c>expires in 4m 12s</c> or <c>expired 3m ago</c>.</summary>
    public static string DescribeExpiry(DateTimeOffset expiresAt, DateTimeOffset now) =>
        expiresAt > now ? "expires in " + Format(expiresAt - now) : "expired " + Format(now - expiresAt) + " ago";

    /// <summary>Describes a past or future instant relative to <paramref name="now"/>: <c>3m ago</c> or <c>in 2h</c>.</summary>
    public static string DescribeRelative(DateTimeOffset instant, DateTimeOffset now) =>
        instant > now ? "in " + Format(instant - now) : Format(now - instant) + " ago";
}
