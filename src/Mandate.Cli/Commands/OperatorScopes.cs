using Mandate.Protocol;

namespace Mandate.Cli.Commands;

/// <summary>The admin scopes an operator client may hold (docs/cli.md, "Operators and scopes").</summary>
internal static class OperatorScopes
{
    /// <summary>Every admin scope.</summary>
    public static IReadOnlyList<string> All => MandateScopes.AllAdmin;

    /// <summary>Splits <c>--scope</c> and refuses anything that is not an admin scope.</summary>
    public static string[] Parse(string value)
    {
        string[] scopes = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (scopes.Length == 0)
        {
            throw CliException.Usage("--scope must name at least one admin scope");
        }

        foreach (string scope in scopes)
        {
            if (!All.Contains(scope, StringComparer.Ordinal))
            {
                throw CliException.Usage($"--scope: '{scope}' is not an admin scope (one of {string.Join(", ", All)})");
            }
        }

        return [.. scopes.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True when the agent JSON (an admin API agent) is an operator of <paramref name="adminAudience"/>.</summary>
    public static bool IsOperator(System.Text.Json.JsonElement agent, string adminAudience) =>
        agent.TryGetProperty("audiences", out var audiences) && audiences.ValueKind == System.Text.Json.JsonValueKind.Array
        && audiences.EnumerateArray().Any(a => a.ValueKind == System.Text.Json.JsonValueKind.String && a.GetString() == adminAudience);

    /// <summary>True when the agent JSON holds <c>mandate:admin</c>.</summary>
    public static bool HoldsFullAdmin(System.Text.Json.JsonElement agent) =>
        agent.TryGetProperty("scopes", out var scopes) && scopes.ValueKind == System.Text.Json.JsonValueKind.Array
        && scopes.EnumerateArray().Any(s => s.ValueKind == System.Text.Json.JsonValueKind.String && s.GetString() == MandateScopes.Admin);
}
