namespace Mandate.Storage;

/// <summary>The <see cref="AuditRecord.Type"/> values Mandate writes. Hosts may add their own (dotted, lowercase).</summary>
public static class AuditEventTypes
{
    /// <summary>A token request was granted and a token issued (carries jti, scopes, audience, lifetime).</summary>
    public const string TokenIssued = "token.issued";

    /// <summary>A token request was refused (carries the OAuth error code and the reason).</summary>
    public const string TokenDenied = "token.denied";

    /// <summary>A token was introspected (RFC 7662).</summary>
    public const string TokenIntrospected = "token.introspected";

    /// <summary>A token was revoked (RFC 7009); <c>jti</c> names it.</summary>
    public const string TokenRevoked = "token.revoked";

    /// <summary>Every token of an agent issued so far was revoked (suspend, decommission, secret rotation).</summary>
    public const string AgentTokensRevoked = "agent.tokens_revoked";

    /// <summary>Every token signed by a key was revoked; <c>kid</c> names it.</summary>
    public const string KeyRevoked = "key.revoked";

    /// <summary>An admin created, changed, suspended, resumed or decommissioned an agent.</summary>
    public const string AdminAgentChanged = "admin.agent";

    /// <summary>A signing key was generated, imported, activated, retired or revoked.</summary>
    public const string KeyChanged = "key";

    /// <summary>An operator tried to sign in to the console; <c>reason</c> says whether it succeeded and why not.</summary>
    public const string ConsoleSignIn = "console.sign_in";

    /// <summary>An operator acknowledged an anomaly alert in the console; <c>details</c> holds the alert record's id.</summary>
    public const string ConsoleAlertAcknowledged = "console.alert_ack";

    /// <summary>Reserved; anomaly alerts are written as <c>alert.&lt;rule&gt;</c> records (e.g. <c>alert.rate_spike</c>).</summary>
    public const string AnomalyDetected = "anomaly";
}
