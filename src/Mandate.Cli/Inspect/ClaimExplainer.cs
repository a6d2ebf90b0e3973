// RFC 7519 §4.1 registered claims, RFC 9068 §2.2 access token claims, RFC 8693 §4 (act, may_act, client_id, scope).
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Mandate.Cli.Output;
using Mandate.Cli.Time;

namespace Mandate.Cli.Inspect;

/// <summary>Prints JOSE header members and JWT claims, one per line, with what each one means.</summary>
internal static class ClaimExplainer
{
    private static readonly FrozenDictionary<string, string> HeaderMeanings = new Dictionary<string, string>
    {
        ["alg"] = "signature algorithm",
        ["kid"] = "id of the signing key in the issuer's JWKS",
        ["typ"] = "token type (at+jwt = RFC 9068 access token)",
        ["crit"] = "extensions the verifier must understand",
        ["jku"] = "key set URL (never trusted for verification)",
        ["jwk"] = "embedded key (never trusted for verification)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> ClaimMeanings = new Dictionary<string, string>
    {
        ["iss"] = "issuer: the authorization server that signed the token",
        ["sub"] = "subject: the agent id",
        ["aud"] = "audience: the API(s) that may accept the token",
        ["exp"] = "expiry",
        ["nbf"] = "not valid before",
        ["iat"] = "issued at",
        ["jti"] = "token id, unique per token",
        ["client_id"] = "the OAuth client (agent) that requested the token",
        ["scope"] = "granted scopes",
        ["act"] = "actor: who acts on behalf of the subject (delegation)",
        ["may_act"] = "who may act on behalf of the subject",
        ["cnf"] = "confirmation: the key the token is bound to (DPoP)",
        ["auth_time"] = "time of authentication",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> TimeClaims = new[] { "exp", "nbf", "iat", "auth_time" }.ToFrozenSet(StringComparer.Ordinal);

    private const int MaxAlignedValue = 64;

    /// <summary>Writes the header section.</summary>
    public static void WriteHeader(TextWriter writer, JsonElement header) =>
        WriteSection(writer, "header", header, HeaderMeanings, now: null);

    /// <summary>Writes the claims section; times are shown as UTC plus a relative description.</summary>
    public static void WriteClaims(TextWriter writer, JsonElement payload, DateTimeOffset now) =>
        WriteSection(writer, "claims", payload, ClaimMeanings, now);

    private static void WriteSection(TextWriter writer, string title, JsonElement obj, FrozenDictionary<string, string> meanings, DateTimeOffset? now)
    {
        writer.WriteLine(title + ":");
        List<(string Name, string Value)> rows = [.. obj.EnumerateObject().Select(m => (m.Name, FormatValue(m, now)))];
        int nameWidth = rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length);
        // Align the explanations, but do not let one long value (a JWK, a pad) push every line right.
        int valueWidth = rows.Count == 0 ? 0 : Math.Min(MaxAlignedValue, rows.Max(r => r.Value.Length));
        foreach ((string name, string value) in rows)
        {
            string line = $"  {name.PadRight(nameWidth)}  {value}";
            writer.WriteLine(meanings.TryGetValue(name, out string? meaning)
                ? $"  {name.PadRight(nameWidth)}  {value.PadRight(valueWidth)}  # {meaning}"
                : line);
        }
    }

    private static string FormatValue(JsonProperty member, DateTimeOffset? now)
    {
        JsonElement value = member.Value;
        if (now is { } clock && TimeClaims.Contains(member.Name) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long seconds))
        {
            DateTimeOffset instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
            string relative = member.Name == "exp"
                ? DurationFormatter.DescribeExpiry(instant, clock)
                : DurationFormatter.DescribeRelative(instant, clock);
            return $"{seconds.ToString(CultureInfo.InvariantCulture)} = {AgentView.FormatTimestamp(instant)} ({relative})";
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                string.Join(", ", value.EnumerateArray().Select(e => e.GetString())),
            _ => value.GetRawText(),
        };
    }
}
