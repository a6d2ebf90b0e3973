namespace Mandate.Storage;

/// <summary>The matching rules of <see cref="AuditQuery"/>, shared by providers that filter in memory.</summary>
public static class AuditQueryRules
{
    /// <summary>Largest accepted <see cref="AuditQuery.Limit"/>: 100,000.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>Throws when the query's limit is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AuditQuery.Limit"/> is outside 1..<see cref="MaxLimit"/>.</exception>
    public static void ThrowIfInvalid(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit, nameof(query));
    }

    /// <summary>True when <paramref name="record"/> passes every filter of <paramref name="query"/>.</summary>
    public static bool Matches(AuditQuery query, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(record);
        if (query.Agent is { } agent && record.AgentId != agent && record.ClientId != agent)
        {
            return false;
        }

        if (query.Since is { } since && record.Timestamp < since)
        {
            return false;
        }

        if (query.Until is { } until && record.Timestamp >= until)
        {
            return false;
        }

        if (query.AfterId is { } afterId && record.Id <= afterId)
        {
            return false;
        }

        if (query.BeforeId is { } beforeId && record.Id >= beforeId)
        {
            return false;
        }

        return query.Type is not { } type
            || (type.EndsWith('.') ? record.Type.StartsWith(type, StringComparison.Ordinal) : record.Type == type);
    }
}
