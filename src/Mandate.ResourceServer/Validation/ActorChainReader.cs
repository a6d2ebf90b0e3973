// RFC 8693 §4.1: "act" is a JSON object naming the current actor by "sub" (and optionally "iss"); a nested "act"
// names the prior actor. The outermost object is the most recent actor, so the list is outermost first.
// Deliberate strictness: a malformed "act" (not an object, no string "sub", deeper than MaxDepth) rejects the token,
// because silently dropping part of a delegation chain would misreport who is acting.
using System.Text.Json;

namespace Mandate.ResourceServer.Validation;

internal static class ActorChainReader
{
    /// <summary>Deepest chain accepted; deeper chains are rejected as invalid.</summary>
    public const int MaxDepth = 16;

    /// <summary>Reads the chain starting at the token's top-level <c>act</c> value. Returns false when malformed.</summary>
    public static bool TryRead(JsonElement act, out IReadOnlyList<MandateActor> actors)
    {
        var list = new List<MandateActor>(2);
        actors = list;
        var current = act;
        while (true)
        {
            if (current.ValueKind != JsonValueKind.Object || list.Count == MaxDepth)
            {
                return false;
            }

            if (!current.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            if (!TryGetOptionalString(current, "iss", out var issuer) || !TryGetOptionalString(current, "client_id", out var clientId))
            {
                return false;
            }

            list.Add(new MandateActor(sub.GetString()!, issuer, clientId));
            if (!current.TryGetProperty("act", out var next))
            {
                return true;
            }

            current = next;
        }
    }

    private static bool TryGetOptionalString(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var member))
        {
            return true;
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = member.GetString();
        return true;
    }
}
