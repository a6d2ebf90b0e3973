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
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        ReadOnlySpan<char> rest = text.AsSpan().Trim();
        if (rest.IsEmpty)
        {
            return false;
        }

        TimeSpan total = TimeSpan.Zero;
        while (!rest.IsEmpty)
        {
            int digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == rest.Length || digits > 9
                || !long.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                return false;
            }

            TimeSpan part;
            switch (rest[digits])
            {
                case 's': part = TimeSpan.FromSeconds(value); break;
                case 'm': part = TimeSpan.FromMinutes(value); break;
                case 'h': part = TimeSpan.FromHours(value); break;
                case 'd':
                    if (value > Maximum.TotalDays)
                    {
                        return false;
                    }

                    part = TimeSpan.FromDays(value);
                    break;
                default: return false;
            }

            total += part;
            if (total > Maximum)
            {
                return false;
            }

            rest = rest[(digits + 1)..];
        }

        if (total <= TimeSpan.Zero)
        {
            return false;
        }

        duration = total;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws a usage error naming <paramref name="optionName"/>.</summary>
    internal static TimeSpan ParseOption(string text, string optionName) =>
        TryParse(text, out TimeSpan duration)
            ? duration
            : throw CliException.Usage($"{optionName}: '{text}' is not a duration (use e.g. 30s, 5m, 2h, 90d)");
}
