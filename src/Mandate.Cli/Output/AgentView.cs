using System.Globalization;
using System.Text.Json;
using Mandate.Cli.Http;

namespace Mandate.Cli.Output;

/// <summary>An agent as returned by the admin API (docs/architecture.md §4), read leniently for display.</summary>
internal sealed class AgentView
{
    private readonly JsonElement _json;

    /// <summary>Wraps one agent object.</summary>
    public AgentView(JsonElement json) => _json = json;

    /// <summary>The agent id.</summary>
    public string Id => JsonText.GetString(_json, "id") ?? JsonText.GetString(_json, "client_id") ?? "?";

    /// <summary>The client id (equals the id for agents created by Mandate).</summary>
    public string ClientId => JsonText.GetString(_json, "client_id") ?? Id;

    /// <summary>The client secret, present only in create and rotate-secret responses.</summary>
    public string? ClientSecret => JsonText.GetString(_json, "client_secret");

    /// <summary>The display name.</summary>
    public string? Name => JsonText.GetString(_json, "name");

    /// <summary>The status, e.g. <c>active</c>.</summary>
    public string? Status => JsonText.GetString(_json, "status") ?? RawMember("status");

    /// <summary>Writes the table row of this agent: id, name, owner, status, scopes, audiences, expires, last used.</summary>
    public void AddRowTo(TableWriter table) => table.AddRow(
        Id, Name, JsonText.GetString(_json, "owner"), Status,
        Join("scopes"), Join("audiences"),
        FormatTimestamp(JsonText.GetTimestamp(_json, "expires_at")) ?? "never",
        FormatTimestamp(JsonText.GetTimestamp(_json, "last_used_at")) ?? "never");

    /// <summary>Writes every field, one <c>name: value</c> line each.</summary>
    public void WriteDetails(TextWriter writer)
    {
        long? lifetime = JsonText.GetInt64(_json, "token_lifetime_seconds");
        (string Label, string? Value)[] lines =
        [
            ("id", Id),
            ("client_id", ClientId),
            ("name", Name),
            ("owner", JsonText.GetString(_json, "owner")),
            ("status", Status),
            ("scopes", Join("scopes")),
            ("default_scopes", Join("default_scopes")),
            ("audiences", Join("audiences")),
            ("grant_types", Join("grant_types")),
            ("dpop", JsonText.GetString(_json, "dpop") ?? "server default"),
            ("token_lifetime", lifetime is { } s ? Time.DurationFormatter.Format(TimeSpan.FromSeconds(s)) : null),
            ("expires", FormatTimestamp(JsonText.GetTimestamp(_json, "expires_at")) ?? "never"),
            ("created", FormatTimestamp(JsonText.GetTimestamp(_json, "created_at"))),
            ("last_used", FormatTimestamp(JsonText.GetTimestamp(_json, "last_used_at")) ?? "never"),
            ("has_secret", Bool("has_secret")),
            ("has_jwks", Bool("has_jwks")),
        ];
        foreach ((string label, string? value) in lines)
        {
            writer.WriteLine($"{label + ":",-16}{value ?? "-"}");
        }
    }

    /// <summary>
    /// Writes the enforced policy of GET /admin/agents/{id}/monitoring: request limits ("none" when unset), allowed hours
    /// and networks with their mode ("enforce" refuses at /token, "alert" only raises an alert), and auto-suspension.
    /// </summary>
    public static void WritePolicy(TextWriter writer, JsonElement monitoring)
    {
        long? perMinute = JsonText.GetInt64(monitoring, "tokens_per_minute");
        long? perDay = JsonText.GetInt64(monitoring, "tokens_per_day");
        string? hours = JsonText.GetString(monitoring, "allowed_hours");
        string? zone = JsonText.GetString(monitoring, "time_zone");
        IReadOnlyList<string> cidrs = JsonText.GetStrings(monitoring, "allowed_cidrs");
        (string Label, string Value)[] lines =
        [
            ("tokens/minute", perMinute?.ToString(CultureInfo.InvariantCulture) ?? "no limit"),
            ("tokens/day", perDay?.ToString(CultureInfo.InvariantCulture) ?? "no limit"),
            ("token_families", (JsonText.GetInt64(monitoring, "max_token_families")?.ToString(CultureInfo.InvariantCulture) ?? "no limit")
                + " (" + (JsonText.GetInt64(monitoring, "live_token_families") ?? 0).ToString(CultureInfo.InvariantCulture) + " live)"),
            ("allowed_hours", hours is null ? "any" : $"{hours} {zone ?? "UTC"} ({JsonText.GetString(monitoring, "allowed_hours_mode") ?? "enforce"})"),
            ("networks", cidrs.Count == 0 ? "any" : $"{string.Join(' ', cidrs)} ({JsonText.GetString(monitoring, "allowed_cidrs_mode") ?? "enforce"})"),
            ("auto_suspend", JsonText.GetBoolean(monitoring, "auto_suspend") == true ? "yes" : "no"),
        ];
        foreach ((string label, string value) in lines)
        {
            writer.WriteLine($"{label + ":",-16}{value}");
        }
    }

    /// <summary>The table of agents.</summary>
    public static TableWriter CreateTable() => new("ID", "NAME", "OWNER", "STATUS", "SCOPES", "AUDIENCES", "EXPIRES", "LAST USED");

    /// <summary>Formats an instant as <c>2026-11-22 15:36:43Z</c>, or null.</summary>
    public static string? FormatTimestamp(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string? Join(string name)
    {
        IReadOnlyList<string> values = JsonText.GetStrings(_json, name);
        return values.Count == 0 ? null : string.Join(' ', values);
    }

    private string? Bool(string name) => JsonText.GetBoolean(_json, name) switch
    {
        true => "yes",
        false => "no",
        null => null,
    };

    private string? RawMember(string name) =>
        _json.ValueKind == JsonValueKind.Object && _json.TryGetProperty(name, out JsonElement value) ? value.ToString() : null;
}
