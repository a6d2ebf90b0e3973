// A token's delegation chain as the audit trail records it: following parent_jti from the token up to the token
// it was first exchanged from (RFC 8693 §2.1: each exchange derives a new token from a subject token), and down
// to every unexpired token derived from it (the parent links cascading revocation follows).
using Mandate.Server.Revocation;
using Mandate.Storage;

namespace Mandate.Admin.Console;

internal sealed record ConsoleChain(IReadOnlyList<ConsoleChainHop> Ancestry, IReadOnlyList<ConsoleChainHop> Derived, bool AncestryIncomplete)
{
    /// <summary>Longest chain walked upwards; the server's MaxDelegationDepth is far below it.</summary>
    public const int MaxHops = 32;

    /// <summary>Most derived tokens shown with their audit details (the rest are listed by jti only).</summary>
    public const int MaxDetailedDerived = 200;

    public static async Task<ConsoleChain> LoadAsync(ConsoleAuditReader reader, DelegationRegistry delegations, AuditRecord token, CancellationToken cancellationToken)
    {
        var ancestry = new List<ConsoleChainHop> { new(token.TokenId!, token, null) };
        var incomplete = false;
        var seen = new HashSet<string>(StringComparer.Ordinal) { token.TokenId! };
        for (var current = token; ancestry.Count < MaxHops;)
        {
            var (_, parent) = ConsoleAuditReader.Delegation(current);
            if (parent is null || !seen.Add(parent))
            {
                break;
            }

            var record = await reader.FindIssuedAsync(parent, cancellationToken).ConfigureAwait(false);
            ancestry.Insert(0, new ConsoleChainHop(parent, record, null));
            if (record is null)
            {
                incomplete = true;
                break;
            }

            current = record;
        }

        var derived = new List<ConsoleChainHop>();
        var descendants = await delegations.DescendantsAsync(token.TokenId!, cancellationToken).ConfigureAwait(false);
        var records = await reader.FindIssuedAsync([.. descendants.Take(MaxDetailedDerived).Select(d => d.Jti)], cancellationToken).ConfigureAwait(false);
        foreach (var (jti, expiresAt) in descendants)
        {
            derived.Add(new ConsoleChainHop(jti, records.GetValueOrDefault(jti), expiresAt));
        }

        return new ConsoleChain(ancestry, derived, incomplete);
    }
}
