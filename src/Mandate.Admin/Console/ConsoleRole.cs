namespace Mandate.Admin.Console;

/// <summary>
/// What a signed-in operator may do, one flag per admin scope the operator holds (see <see cref="ConsoleRoles"/>).
/// <see cref="Viewer"/> reads the pages the admin API reads with <c>mandate:read</c>, <see cref="Audit"/> the audit
/// records, and the job flags allow their actions. <see cref="Admin"/> (<c>mandate:admin</c>) holds every flag.
/// </summary>
[Flags]
internal enum ConsoleRole
{
    /// <summary>No console access.</summary>
    None = 0,

    /// <summary><c>mandate:read</c>: the viewer role, reads agents, tokens, alerts, keys and the overview.</summary>
    Viewer = 1,

    /// <summary><c>mandate:agents</c>: create, suspend, resume, decommission agents, rotate their secrets, edit policies, revoke tokens.</summary>
    Agents = 2,

    /// <summary><c>mandate:keys</c>: rotate and revoke signing keys.</summary>
    Keys = 4,

    /// <summary><c>mandate:trust</c>: change the trust configuration.</summary>
    Trust = 8,

    /// <summary><c>mandate:audit</c>: read the audit records.</summary>
    Audit = 16,

    /// <summary><c>mandate:admin</c>: everything.</summary>
    Admin = Viewer | Agents | Keys | Trust | Audit,
}
