// RFC 8693 §4.1: the act claim nests actors newest outermost. The path reads the other way round, as the request
// travelled: subject → first actor → … → the actor presenting the token. The chain is read by Mandate.Protocol's
// ActorChain, with the same depth limit and strictness as the server and the resource-server library.
using System.Text.Json;
using Mandate.Protocol;

namespace Mandate.Cli.Inspect;

/// <summary>Formats the delegation chain of a token as a readable path.</summary>
internal static class DelegationPath
{
    /// <summary><c>sub → oldest actor → … → newest actor</c>; null when the token has no <c>act</c>; a note when
    /// the chain is malformed or deeper than <see cref="ActorChain.MaxDepth"/> (every Mandate API refuses such a token).</summary>
    public static string? Describe(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(JwtClaimNames.Actor, out var act))
        {
            return null;
        }

        if (!ActorChain.TryRead(act, out var actors))
        {
            return $"malformed: act must nest objects with a string sub, at most {ActorChain.MaxDepth} deep (RFC 8693 §4.1)";
        }

        var subject = payload.TryGetProperty(JwtClaimNames.Subject, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "?";
        return $"{subject} (subject) → {string.Join(" → ", actors.Reverse().Select(actor => actor.Subject))} (acting now)";
    }
}
