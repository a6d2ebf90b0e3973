// What the console reads from the audit trail: an agent's recent tokens, denials and alerts, one issued token by
// its jti (with the parent_jti and act chain the token endpoint records for exchanged tokens), and issued/denied
// counts per time bucket for the activity charts. Reads only; the audit store is the one source.
using System.Text.Json;
using Mandate.Storage;

namespace Mandate.Admin.Console;

internal sealed class ConsoleAuditReader(IAuditStore store, TimeProvider timeProvider)
{
    /// <summary>How many of the newest <c>token.issued</c> records a lookup by jti searches.</summary>
    public const int TokenLookupWindow = 10_000;

    /// <summary>Most records one chart reads; a busier window is drawn from its newest records (the page says so).</summary>
    public const int ChartRecordLimit = 50_000;

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public ValueTask<IReadOnlyList<AuditRecord>> RecentAsync(string agentId, string type, int limit, CancellationToken cancellationToken) =>
        store.QueryAsync(new AuditQuery { Agent = agentId, Type = type, NewestFirst = true, Limit = limit }, cancellationToken);

    /// <summary>The <c>token.issued</c> record of <paramref name="jti"/> among the newest <see cref="TokenLookupWindow"/>, or null.</summary>
    public async Task<AuditRecord?> FindIssuedAsync(string jti, CancellationToken cancellationToken) =>
        (await FindIssuedAsync([jti], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(jti);

    /// <summary>The <c>token.issued</c> records of <paramref name="jtis"/> found among the newest <see cref="TokenLookupWindow"/>,
    /// in one pass that stops once every jti is found.</summary>
    public async Task<IReadOnlyDictionary<string, AuditRecord>> FindIssuedAsync(IReadOnlyCollection<string> jtis, CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        var wanted = new HashSet<string>(jtis, StringComparer.Ordinal);
        var found = new Dictionary<string, AuditRecord>(StringComparer.Ordinal);
        long? before = null;
        for (var read = 0; read < TokenLookupWindow && found.Count < wanted.Count;)
        {
            var page = await store.QueryAsync(new AuditQuery { Type = AuditEventTypes.TokenIssued, NewestFirst = true, BeforeId = before, Limit = PageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                if (record.TokenId is { } id && wanted.Contains(id))
                {
                    found.TryAdd(id, record);
                }
            }

            if (page.Count < PageSize)
            {
                break;
            }

            read += page.Count;
            before = page[^1].Id;
        }

        return found;
    }

    /// <summary>Issued and denied token requests per bucket over <paramref name="buckets"/> buckets of <paramref name="width"/>
    /// ending now, for one agent or (null) all; true in <c>Truncated</c> when the window held more than <see cref="ChartRecordLimit"/> records.</summary>
    public async Task<ConsoleActivity> ActivityAsync(string? agentId, TimeSpan width, int buckets, CancellationToken cancellationToken)
    {
        var end = Now;
        var start = end - width * buckets;
        var issued = new int[buckets];
        var denied = new int[buckets];
        var records = await store.QueryAsync(new AuditQuery { Agent = agentId, Type = "token.", Since = start, NewestFirst = true, Limit = ChartRecordLimit }, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            var index = (int)((record.Timestamp - start) / width);
            if (index < 0 || index >= buckets)
            {
                continue;
            }

            if (record.Type == AuditEventTypes.TokenIssued)
            {
                issued[index]++;
            }
            else if (record.Type == AuditEventTypes.TokenDenied)
            {
                denied[index]++;
            }
        }

        return new ConsoleActivity(start, width, issued, denied, records.Count >= ChartRecordLimit);
    }

    /// <summary>The actors (<c>act</c>, newest first) and <c>parent_jti</c> the token endpoint records for an exchanged token.</summary>
    public static (IReadOnlyList<string> Actors, string? ParentJti) Delegation(AuditRecord record)
    {
        if (record.Details is not { Length: > 0 } details)
        {
            return ([], null);
        }

        try
        {
            using var json = JsonDocument.Parse(details);
            var root = json.RootElement;
            var actors = root.TryGetProperty("act", out var act) && act.ValueKind == JsonValueKind.Array
                ? act.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray()
                : [];
            var parent = root.TryGetProperty("parent_jti", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            return (actors, parent);
        }
        catch (JsonException)
        {
            return ([], null);
        }
    }

    /// <summary>The granted <c>authorization_details</c> (RFC 9396 §2) the token endpoint records for a token, as JSON text, or null.</summary>
    public static string? AuthorizationDetails(AuditRecord record)
    {
        if (record.Details is not { Length: > 0 } details)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(details);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("authorization_details", out var value)
                ? value.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
