namespace Mandate.Protocol;

/// <summary>
/// Scopes with a meaning inside Mandate itself. The admin API is split by job: <see cref="Admin"/> grants every
/// admin route (and is the only scope that manages operators); the job scopes grant one part each.
/// </summary>
public static class MandateScopes
{
    /// <summary>Grants every route of the admin API of the issuing server, including operator management.</summary>
    public const string Admin = "mandate:admin";

    /// <summary>Read-only admin access: agents, policies, keys, trusted issuers, alerts, registration tokens (not the audit log).</summary>
    public const string AdminRead = "mandate:read";

    /// <summary>Changes agents: create, update policy, suspend, resume, decommission, rotate secrets, revoke their tokens.</summary>
    public const string AdminAgents = "mandate:agents";

    /// <summary>Changes signing keys: rotate and emergency-revoke.</summary>
    public const string AdminKeys = "mandate:keys";

    /// <summary>Changes trust: trusted issuers, authorization-details types, initial access tokens for registration.</summary>
    public const string AdminTrust = "mandate:trust";

    /// <summary>Reads and exports the audit log.</summary>
    public const string AdminAudit = "mandate:audit";

    /// <summary>Every scope that grants some part of the admin API: <see cref="Admin"/> and the job scopes, in that order.</summary>
    public static IReadOnlyList<string> AllAdmin { get; } = [Admin, AdminRead, AdminAgents, AdminKeys, AdminTrust, AdminAudit];

    /// <summary>Lets a client (typically a resource server) introspect tokens issued for its allowed audiences (RFC 7662 §4).</summary>
    public const string Introspect = "mandate:introspect";
}
