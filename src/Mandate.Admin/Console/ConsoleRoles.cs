using Mandate.Protocol;

namespace Mandate.Admin.Console;

/// <summary>
/// The one place that maps an operator's admin scopes to a console role. An agent holding
/// <c>mandate:admin</c> is an admin; an agent holding no admin scope may not sign in.
/// </summary>
internal static class ConsoleRoles
{
    /// <summary>The role the scopes grant, or null when they grant no console access.</summary>
    public static ConsoleRole? FromScopes(IReadOnlyList<string> scopes)
    {
        foreach (var scope in scopes)
        {
            if (string.Equals(scope, MandateScopes.Admin, StringComparison.Ordinal))
            {
                return ConsoleRole.Admin;
            }
        }

        return null;
    }
}
