using Mandate.Protocol;

namespace Mandate.Admin.Console;

/// <summary>
/// The one place that maps an operator's admin scopes to console rights: <c>mandate:admin</c> grants all,
/// <c>mandate:read</c> the viewer role, and each job scope (<c>mandate:agents</c>, <c>mandate:keys</c>,
/// <c>mandate:trust</c>, <c>mandate:audit</c>) its own right only, as in the admin API: reading pages needs the
/// scope of the equivalent admin GET route (<see cref="ConsoleReadRights"/>). An operator holding none of these
/// may not sign in.
/// </summary>
internal static class ConsoleRoles
{
    /// <summary>The message of a refused action; <c>{0}</c> is the scope the action needs.</summary>
    public const string Refused = "MND3301: Your session may not do this: it needs the {0} scope (or mandate:admin).";

    /// <summary>The rights the scopes grant, <see cref="ConsoleRole.None"/> when they grant no console access.</summary>
    public static ConsoleRole FromScopes(IReadOnlyList<string> scopes)
    {
        var role = ConsoleRole.None;
        foreach (var scope in scopes)
        {
            role |= scope switch
            {
                MandateScopes.Admin => ConsoleRole.Admin,
                MandateScopes.AdminRead => ConsoleRole.Viewer,
                MandateScopes.AdminAgents => ConsoleRole.Agents,
                MandateScopes.AdminKeys => ConsoleRole.Keys,
                MandateScopes.AdminTrust => ConsoleRole.Trust,
                MandateScopes.AdminAudit => ConsoleRole.Audit,
                _ => ConsoleRole.None,
            };
        }

        return role;
    }

    /// <summary>The rights of a role name of <see cref="ConsoleOidcRoleMapping.Roles"/> (<c>viewer</c>, <c>agents</c>, <c>keys</c>,
    /// <c>trust</c>, <c>audit</c>, <c>admin</c>): the same rights as the scope of that name; null for an unknown name.</summary>
    public static ConsoleRole? FromName(string name) => name switch
    {
        "viewer" => ConsoleRole.Viewer,
        "agents" => ConsoleRole.Agents,
        "keys" => ConsoleRole.Keys,
        "trust" => ConsoleRole.Trust,
        "audit" => ConsoleRole.Audit,
        "admin" => ConsoleRole.Admin,
        _ => null,
    };

    /// <summary>The scope that grants <paramref name="right"/>, for messages.</summary>
    public static string Scope(ConsoleRole right) => right switch
    {
        ConsoleRole.Viewer => MandateScopes.AdminRead,
        ConsoleRole.Agents => MandateScopes.AdminAgents,
        ConsoleRole.Keys => MandateScopes.AdminKeys,
        ConsoleRole.Trust => MandateScopes.AdminTrust,
        ConsoleRole.Audit => MandateScopes.AdminAudit,
        _ => MandateScopes.Admin,
    };

    /// <summary>The short name shown next to the operator: admin, none, or viewer and the job scopes it holds.</summary>
    public static string Describe(ConsoleRole role)
    {
        if (role == ConsoleRole.Admin)
        {
            return "admin";
        }

        if (role == ConsoleRole.None)
        {
            return "none";
        }

        var jobs = new[] { ConsoleRole.Agents, ConsoleRole.Keys, ConsoleRole.Trust, ConsoleRole.Audit }
            .Where(flag => role.HasFlag(flag))
            .Select(flag => Scope(flag)["mandate:".Length..]);
        return string.Join(" + ", role.HasFlag(ConsoleRole.Viewer) ? jobs.Prepend("viewer") : jobs);
    }
}
