using System.Globalization;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>
/// Reads GET /admin/audit query parameters: <c>agent</c> (agent id or client id), <c>since</c> (a
/// duration back from now such as <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>7d</c>, or an ISO-8601 instant; inclusive),
/// <c>until</c> (the same forms; exclusive, so <c>since=2h&amp;until=1h</c> is the hour that ended an hour ago),
/// <c>type</c> (exact, or a family ending in <c>.</c>), <c>order</c> (<c>oldest</c>, the default, or <c>newest</c>),
/// <c>after</c> (id cursor, oldest first) or <c>before</c> (id cursor, newest first), <c>limit</c> (1..10,000,
/// default 1,000). Bad values are a 400, never a 500.
/// </summary>
internal static class AuditQueryParser
{
    public const int MaxPageSize = 10_000;

    public static (AuditQuery? Query, string? Error) Parse(IQueryCollection query, DateTimeOffset now)
    {
        var result = new AuditQuery();
        if (Single(query, "agent") is { } agent)
        {
            result = result with { Agent = agent };
        }

        if (Single(query, "type") is { } type)
        {
            result = result with { Type = type };
        }

        if (Single(query, "since") is { } sinceText)
        {
            if (!TryParseSince(sinceText, now, out var since))
            {
                return (null, "MND2620: since must be a duration such as 15m, 1h or 7d, or an ISO-8601 instant.");
            }

            result = result with { Since = since };
        }

        if (Single(query, "until") is { } untilText)
        {
            if (!TryParseSince(untilText, now, out var until))
            {
                return (null, "MND3100: until must be a duration such as 15m, 1h or 7d, or an ISO-8601 instant.");
            }

            if (result.Since is { } from && until <= from)
            {
                return (null, "MND3101: until must be later than since.");
            }

            result = result with { Until = until };
        }

        if (Single(query, "after") is { } afterText)
        {
            if (!long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
            {
                return (null, "MND2621: after must be a non-negative integer record id.");
            }

            result = result with { AfterId = after };
        }

        if (Single(query, "order") is { } order)
        {
            if (order is not ("oldest" or "newest"))
            {
                return (null, "MND3454: order must be oldest or newest.");
            }

            result = result with { NewestFirst = order == "newest" };
        }

        if (Single(query, "before") is { } beforeText)
        {
            if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var before) || result.AfterId is not null)
            {
                return (null, "MND3455: before must be a non-negative integer record id, and cannot be combined with after.");
            }

            result = result with { BeforeId = before };
        }

        if (Single(query, "limit") is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > MaxPageSize)
            {
                return (null, "MND2622: limit must be between 1 and 10000.");
            }

            result = result with { Limit = limit };
        }

        return (result, null);
    }

    /// <summary>Parses <c>NNs|m|h|d</c> (back from <paramref name="now"/>) or an ISO-8601 instant with offset.</summary>
    public static bool TryParseSince(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        const long MaxSeconds = 100L * 366 * 24 * 3600;
        if (text.Length >= 2 && char.IsAsciiDigit(text[0])
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            long unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86_400, _ => 0 };
            if (unit == 0 || amount > MaxSeconds / unit)
            {
                return false;
            }

            since = now - TimeSpan.FromSeconds(amount * unit);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
