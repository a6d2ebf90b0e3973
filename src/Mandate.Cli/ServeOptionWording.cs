using System.Globalization;
using System.Text.RegularExpressions;

namespace Mandate.Cli;

/// <summary>
/// Rewords the server's option validation messages for the command line: an option that a <c>mandate serve</c>
/// flag sets is named by the flag first (<c>--max-token-lifetime (MaxAccessTokenLifetime)</c>, since the same
/// value can come from configuration), and .NET time spans (<c>1.00:00:00</c>) become CLI durations (<c>1d</c>).
/// The rules themselves stay defined once, in the server's options validation.
/// </summary>
internal static partial class ServeOptionWording
{
    private static readonly (string Property, string Flag)[] Flags =
    [
        ("KeyRotationCheckInterval", "--key-check-interval"),
        ("KeyRotationInterval", "--key-rotation-interval"),
        ("KeyPropagationDelay", "--key-propagation-delay"),
        ("MaxAccessTokenLifetime", "--max-token-lifetime"),
        ("StorePollInterval", "--store-poll-interval"),
    ];

    /// <summary>Returns <paramref name="message"/> in flags and durations.</summary>
    public static string Rephrase(string message)
    {
        string text = TimeSpanLiteral().Replace(message, m =>
            TimeSpan.TryParse(m.Value, CultureInfo.InvariantCulture, out TimeSpan span) && span > TimeSpan.Zero
                ? AsDuration(span)
                : m.Value);
        foreach ((string property, string flag) in Flags)
        {
            text = Regex.Replace(text, $@"\b{property}\b", $"{flag} ({property})", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return text;
    }

    /// <summary>The duration as the flags take it, exactly: <c>1h30m</c>, <c>365d</c>; below a second in ms.</summary>
    public static string AsDuration(TimeSpan span)
    {
        var text = new System.Text.StringBuilder();
        (int Value, string Unit)[] parts = [(span.Days, "d"), (span.Hours, "h"), (span.Minutes, "m"), (span.Seconds, "s"), (span.Milliseconds, "ms")];
        foreach ((int value, string unit) in parts.Where(p => p.Value != 0))
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }

    // [d.]hh:mm:ss[.fffffff], as TimeSpan.ToString() writes it.
    [GeneratedRegex(@"\b(?:\d+\.)?\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?\b")]
    private static partial Regex TimeSpanLiteral();
}
