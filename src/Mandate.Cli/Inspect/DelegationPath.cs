// RFC 8693 §4.1: the act claim nests actors newest outermost. The path reads the other way round, as the request
// travelled: subject → first actor → … → the actor presenting the token.
using System.Text.Json;

namespace Mandate.Cli.Inspect;

/// <summary>Formats the delegation chain of a token as a readable path.</summary>
internal static class DelegationPath
{
    /// <summary>Nesting deeper than this is shown as "…" rather than walked (the token is unverified input).</summary>
    private const int MaxActors = 32;

    /// <summary><c>sub → oldest actor → … → newest actor</c>, or null when the token has no (well-formed) <c>act</c>.</summary>
    public static string? Describe(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("act", out var current))
        {
            return null;
        }

        var actors = new List<string>();
        while (current.ValueKind == JsonValueKind.Object && actors.Count < MaxActors)
        {
            actors.Add(current.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString()! : "?");
            if (!current.TryGetProperty("act", out current))
            {
                break;
            }
        }

        if (actors.Count == 0)
        {
            return null;
        }

        var subject = payload.TryGetProperty("sub", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "?";
        actors.Reverse();
        var truncated = actors.Count == MaxActors ? "… → " : "";
        return $"{subject} (subject) → {truncated}{string.Join(" → ", actors)} (acting now)";
    }
}
