using Mandate.Protocol;

namespace Mandate.Admin;

/// <summary>Which admin scopes grant what (docs/cli.md, "Operators and scopes").</summary>
internal static class AdminScopes
{
    /// <summary>Every scope that grants some part of the admin API.</summary>
    public static IReadOnlyList<string> All => MandateScopes.AllAdmin;

    /// <summary>True when <paramref name="held"/> grants a route that needs <paramref name="required"/>: it holds that
    /// scope or <c>mandate:admin</c>. No job scope implies another; an operator who changes agents and reads them holds
    /// both <c>mandate:agents</c> and <c>mandate:read</c>.</summary>
    public static bool Grants(IReadOnlyList<string> held, string required)
    {
        foreach (var scope in held)
        {
            if (string.Equals(scope, MandateScopes.Admin, StringComparison.Ordinal) || string.Equals(scope, required, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="scopes"/> includes any admin scope: an agent holding one is an operator, and
    /// only a caller holding <c>mandate:admin</c> may create, change or take over an operator.</summary>
    public static bool AnyAdmin(IEnumerable<string> scopes)
    {
        foreach (var scope in scopes)
        {
            foreach (var admin in All)
            {
                if (string.Equals(scope, admin, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
