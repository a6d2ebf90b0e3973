// RFC 8693 §4.1: the "act" claim names the current actor by "sub" (optionally "iss", "client_id"); a nested
// "act" names the actor before it, so the outermost object is the newest actor. This is the one reader and
// writer of that shape for the server, the resource-server library and the CLI, with one depth limit.
// Deliberate strictness: a malformed chain (not an object, no non-empty string "sub", a non-string "iss" or
// "client_id", deeper than MaxDepth) is refused as a whole; dropping part of it would misreport who acts.
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Mandate.Protocol;

/// <summary>Reads and writes the RFC 8693 §4.1 <c>act</c> delegation chain.</summary>
public static class ActorChain
{
    /// <summary>
    /// The deepest chain any Mandate component accepts: at most this many actors. The server's
    /// <c>TokenExchange:MaxDelegationDepth</c> may be set lower, never higher.
    /// </summary>
    public const int MaxDepth = 10;

    /// <summary>Reads the chain that starts at a token's top-level <c>act</c> value.</summary>
    /// <param name="act">The value of the <c>act</c> claim.</param>
    /// <param name="actors">The actors, newest (outermost) first; null when the chain is malformed.</param>
    /// <returns>False when the chain is malformed or holds more than <see cref="MaxDepth"/> actors. Never throws.</returns>
    public static bool TryRead(JsonElement act, [NotNullWhen(true)] out IReadOnlyList<MandateActor>? actors)
    {
        actors = null;
        var list = new List<MandateActor>(2);
        var current = act;
        while (true)
        {
            if (current.ValueKind != JsonValueKind.Object || list.Count == MaxDepth
                || !current.TryGetProperty(JwtClaimNames.Subject, out var sub) || sub.ValueKind != JsonValueKind.String
                || sub.GetString() is not { Length: > 0 } subject
                || !TryGetOptionalString(current, JwtClaimNames.Issuer, out var issuer)
                || !TryGetOptionalString(current, JwtClaimNames.ClientId, out var clientId))
            {
                return false;
            }

            list.Add(new MandateActor(subject, issuer, clientId));
            if (!current.TryGetProperty(JwtClaimNames.Actor, out current))
            {
                actors = list;
                return true;
            }
        }
    }

    /// <summary>Reads the chain of a token payload (a JSON object); a payload without <c>act</c> has an empty chain.</summary>
    /// <returns>False when the payload is not an object or its <c>act</c> is malformed or too deep. Never throws.</returns>
    public static bool TryReadPayload(JsonElement payload, [NotNullWhen(true)] out IReadOnlyList<MandateActor>? actors)
    {
        actors = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (!payload.TryGetProperty(JwtClaimNames.Actor, out var act))
        {
            actors = [];
            return true;
        }

        return TryRead(act, out actors);
    }

    /// <summary>Writes the <c>act</c> member for <paramref name="subjects"/> (newest first) into the open object.</summary>
    /// <param name="writer">A writer positioned inside a JSON object.</param>
    /// <param name="subjects">The actors' <c>sub</c> values, newest first; nothing is written when empty.</param>
    /// <exception cref="ArgumentException">More than <see cref="MaxDepth"/> actors, or an empty subject.</exception>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(subjects);
        if (subjects.Count > MaxDepth)
        {
            throw new ArgumentException($"A delegation chain holds at most {MaxDepth} actors.", nameof(subjects));
        }

        foreach (var subject in subjects)
        {
            ArgumentException.ThrowIfNullOrEmpty(subject, nameof(subjects));
            writer.WritePropertyName(JwtClaimNames.Actor);
            writer.WriteStartObject();
            writer.WriteString(JwtClaimNames.Subject, subject);
        }

        for (var i = 0; i < subjects.Count; i++)
        {
            writer.WriteEndObject();
        }
    }

    private static bool TryGetOptionalString(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var member))
        {
            return true;
        }

        value = member.ValueKind == JsonValueKind.String ? member.GetString() : null;
        return value is not null;
    }
}
