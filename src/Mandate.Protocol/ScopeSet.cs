// RFC 6749 §3.3: scope is a space-delimited, case-sensitive list; order does not matter.
using System.Diagnostics.CodeAnalysis;

namespace Mandate.Protocol;

/// <summary>Parses and formats RFC 6749 §3.3 scope strings.</summary>
public static class ScopeSet
{
    /// <summary>Splits a scope string on single spaces. Returns false for empty tokens (double spaces,
    /// leading or trailing spaces) and for characters outside RFC 6749 §3.3 <c>scope-token</c>
    /// (%x21 / %x23-5B / %x5D-7E).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out IReadOnlyList<string>? scopes)
    {
        scopes = null;
        if (value is null)
        {
            return false;
        }

        if (value.Length == 0)
        {
            scopes = [];
            return true;
        }

        var parts = value.Split(' ');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part.Length == 0 || !IsScopeToken(part))
            {
                return false;
            }

            if (seen.Add(part))
            {
                result.Add(part);
            }
        }

        scopes = result;
        return true;
    }

    /// <summary>Joins scopes with single spaces.</summary>
    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);

    /// <summary>True when every character is allowed in an RFC 6749 §3.3 scope-token.</summary>
    public static bool IsScopeToken(string token)
    {
        if (token.Length == 0)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }
}
