using System.Globalization;

namespace Mandate.Cli.Time;

/// <summary>
/// Parses the durations the CLI accepts: one or more <c>&lt;integer&gt;&lt;unit&gt;</c> parts with unit
/// <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>, for example <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>90d</c>, <c>1h30m</c>.
/// </summary>
public static class DurationParser
{
    /// <summary>Largest accepted duration: 100 years, far beyond any sensible token or agent lifetime.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(36_500);

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The duration, such as <c>5m</c>. Surrounding whitespace is ignored; units are case-sensitive.</param>
    /// <param name="duration">The parsed, strictly positive duration; zero when parsing fails.</param>
    /// <returns>False for empty text, a missing number or unit, an unknown unit, zero, or more than <see cref="Maximum"/>.</returns>
    public static bool TryParse(string? text, out TimeSpan duration) => Parse(text, out duration) == Outcome.Valid;

    /// <summary>Parses <paramref name="text"/> or throws a usage error naming <paramref name="optionName"/> that says
    /// what is wrong: not a duration, zero, or longer than <see cref="Maximum"/>.</summary>
    internal static TimeSpan ParseOption(string text, string optionName) =>
        Parse(text, out TimeSpan duration) switch
        {
            Outcome.Valid => duration,
            Outcome.TooLong => throw CliException.Usage($"{optionName}: '{text.Trim()}' is too long: at most {Maximum.TotalDays:0}d"),
            Outcome.Zero => throw CliException.Usage($"{optionName}: '{text.Trim()}' is zero: give a positive duration such as 30s or 5m"),
            _ => throw CliException.Usage($"{optionName}: '{text}' is not a duration (use e.g. 30s, 5m, 2h, 90d, 1h30m)"),
        };

    private enum Outcome
    {
        Valid,
        Malformed,
        Zero,
        TooLong,
    }

    private static Outcome Parse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        ReadOnlySpan<char> rest = text.AsSpan().Trim();
        if (rest.IsEmpty)
        {
            return Outcome.Malformed;
        }

        bool tooLong = false;
        TimeSpan total = TimeSpan.Zero;
        while (!rest.IsEmpty)
        {
            int digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == rest.Length)
            {
                return Outcome.Malformed;
            }

            // Thirteen digits or more exceed the maximum in any unit (10^12 s is about 31,700 years).
            if (digits > 12 || !long.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                return Outcome.TooLong;
            }

            double seconds = rest[digits] switch
            {
                's' => value,
                'm' => value * 60.0,
                'h' => value * 3600.0,
                'd' => value * 86400.0,
                _ => double.NaN,
            };
            if (double.IsNaN(seconds))
            {
                return Outcome.Malformed;
            }

            if (tooLong || seconds > Maximum.TotalSeconds || total.TotalSeconds + seconds > Maximum.TotalSeconds)
            {
                tooLong = true;
            }
            else
            {
                total += TimeSpan.FromSeconds(seconds);
            }

            rest = rest[(digits + 1)..];
        }

        if (tooLong)
        {
            return Outcome.TooLong;
        }

        if (total <= TimeSpan.Zero)
        {
            return Outcome.Zero;
        }

        duration = total;
        return Outcome.Valid;
    }
}
