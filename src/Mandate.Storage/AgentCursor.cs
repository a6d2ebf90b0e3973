using System.Globalization;
using System.Text;

namespace Mandate.Storage;

/// <summary>
/// The paging cursor of <see cref="IAgentStore.ListPageAsync"/>: the position (creation time, id) of the last agent of
/// a page, opaque to callers (base64url text). Every store orders pages by the same key, so a cursor means the same
/// in each.
/// </summary>
public static class AgentCursor
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>Encodes the position after <paramref name="agent"/>.</summary>
    public static string After(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var text = agent.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "." + agent.Id;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a cursor; false when it is not one this type wrote.</summary>
    public static bool TryParse(string? cursor, out DateTimeOffset createdAt, out string id)
    {
        createdAt = default;
        id = "";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 400)
        {
            return false;
        }

        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        Span<byte> bytes = stackalloc byte[300];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes[..length]);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        createdAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        id = text[(dot + 1)..];
        return true;
    }

    /// <summary>Checks a query; throws when its limit is out of range or its cursor is not valid.</summary>
    /// <exception cref="ArgumentException">The cursor was not written by <see cref="After"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not between 1 and <see cref="MaxLimit"/>.</exception>
    public static (DateTimeOffset CreatedAt, string Id)? Validate(AgentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit);
        if (query.Cursor is null)
        {
            return null;
        }

        return TryParse(query.Cursor, out var createdAt, out var id) ? (createdAt, id) : throw new ArgumentException("The cursor is not valid.", nameof(query));
    }
}
