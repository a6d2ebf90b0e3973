using Mandate.Server.Audit;

namespace Mandate.Server;

/// <summary>
/// Options of the Mandate authorization server. Validated at start-up; nonsense values stop the host.
/// </summary>
public sealed class MandateServerOptions
{
    /// <summary>
    /// The issuer identifier (RFC 8414 §2): an absolute URI without query or fragment. Becomes the
    /// <c>iss</c> of every token; <c>/token</c>, <c>/jwks</c> and <c>/admin</c> are resolved under it.
    /// </summary>
    /// <value>Required. <c>https</c>, or <c>http</c> for loopback hosts (127.0.0.0/8, <c>localhost</c>, ::1),
    /// or any <c>http</c> URI when <see cref="AllowInsecureHttpIssuer"/> is set. No default.</value>
    public string? Issuer { get; set; }

    /// <summary>
    /// Where the error catalogue is published, for <c>error_uri</c> (RFC 6749 §5.2): when set, every error object the
    /// server writes whose <c>error_description</c> starts with an id (<c>MNDnnnn:</c>) also carries <c>error_uri</c>,
    /// this template with <c>{id}</c> replaced by the id, e.g. <c>https://docs.example.com/mandate/errors.html#{id}</c>.
    /// </summary>
    /// <value>An absolute <c>https</c> (or <c>http</c>) URI containing <c>{id}</c>, or null. Default: null (no <c>error_uri</c>,
    /// since the server cannot know where an operator publishes the catalogue).</value>
    public string? ErrorUriTemplate { get; set; }

    /// <summary>Accepts an <c>http</c> issuer on a non-loopback host. Tokens and secrets then travel in clear.</summary>
    /// <value>Default: false. Start-up logs a warning when it is set.</value>
    public bool AllowInsecureHttpIssuer { get; set; }

    /// <summary>Folder for the generated key-encryption key and the bootstrap admin credentials.</summary>
    /// <value>A path, relative to the working directory or absolute. Default: <c>./.mandate</c>. Created when missing.</value>
    public string DataDirectory { get; set; } = "./.mandate";

    /// <summary>
    /// The key-encryption key (KEK) that protects signing keys and the secret-hash key at rest
    /// (AES-256-GCM). When null, the host's configuration value <c>MANDATE_KEY_ENCRYPTION_KEY</c> or
    /// <c>Mandate:KeyEncryptionKey</c> is used; when that is absent too, a key is generated into
    /// <c>{DataDirectory}/kek</c> (mode 0600) and a warning is logged.
    /// </summary>
    /// <value>base64url of exactly 32 bytes, or null. Default: null.</value>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Access token lifetime for agents that do not set their own.</summary>
    /// <value>Between 30 seconds and <see cref="MaxAccessTokenLifetime"/>. Default: 5 minutes.</value>
    public TimeSpan DefaultAccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound on any access token lifetime; an agent's own lifetime is capped by it.</summary>
    /// <value>Between 30 seconds and 24 hours. Default: 1 hour.</value>
    public TimeSpan MaxAccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerance for clock differences when checking client assertions and admin tokens.</summary>
    /// <value>Between 0 and 5 minutes. Default: 30 seconds.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted token request body; larger requests get <c>invalid_request</c>.</summary>
    /// <value>In bytes, between 1 KiB and 1 MiB. Default: 16 KiB.</value>
    public int MaxRequestBodySize { get; set; } = 16 * 1024;

    /// <summary>
    /// How far in the future a <c>private_key_jwt</c> assertion's <c>exp</c> may lie (RFC 7523 §3 item 4). Widely used
    /// client libraries sign assertions valid for 10 minutes (MSAL) or 1 hour; the <c>jti</c> stays single-use until the
    /// assertion's <c>exp</c> (plus <see cref="ClockSkew"/>), whatever this maximum.
    /// </summary>
    /// <value>Between 30 seconds and 1 day. Default: 1 hour.</value>
    public TimeSpan ClientAssertionMaxLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an agent record held in memory may be used without confirmation from the store. With a store that
    /// offers a change feed and <see cref="StorePollInterval"/> above zero, records stay in memory while unchanged
    /// (every successful poll confirms them) and a change made on another node takes effect here within this
    /// duration plus <see cref="StorePollInterval"/>; otherwise a record is read again after this long. Admin
    /// changes made on this node take effect at once.
    /// </summary>
    /// <value>Between 0 (no caching) and 5 minutes. Default: 2 seconds.</value>
    public TimeSpan AgentCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often last-used times, collected in memory, are written to the agent store.</summary>
    /// <value>Between 1 second and 1 hour. Default: 30 seconds.</value>
    public TimeSpan LastUsedFlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a signing key stays active before the scheduler rotates to a new one; zero turns the
    /// automatic schedule off (<c>mandate key rotate</c> still works).</summary>
    /// <value>Zero, or between 10 seconds (short values are for tests and demonstrations) and 365 days, and longer than
    /// <see cref="KeyPropagationDelay"/>. Default: 30 days.</value>
    public TimeSpan KeyRotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a new key is published in the JWKS before it signs anything, so every resource server's key
    /// cache (<c>JwksMaxAge</c>, 10 minutes by default) has seen it. Retired keys stay published for
    /// <see cref="MaxAccessTokenLifetime"/> plus <see cref="ClockSkew"/>, then are removed.</summary>
    /// <value>Between 0 and 1 day. Default: 15 minutes.</value>
    public TimeSpan KeyPropagationDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often this server reads the shared store for changes made by other servers sharing it (several
    /// <c>mandate serve</c> on one SQLite file): the revocation log's head (then only the new events), and the signing
    /// keys. Revocations, suspensions, decommissions and key changes made on another server take effect here, on
    /// <c>/introspect</c>, <c>/token</c>, <c>/jwks</c> and this server's revocation feed, within this interval; zero turns
    /// following off (one server alone). A store that pushes changes (PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c>) applies them
    /// within milliseconds instead; while its push is up, revocations and keys are then polled only every 30 seconds
    /// (or this interval, when longer) as a safety net.
    /// </summary>
    /// <value>Zero, or between 100 milliseconds and 1 minute. Default: 1 second.</value>
    public TimeSpan StorePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often <c>/readyz</c> commits its one-row heartbeat write to the store; between two writes it repeats the last
    /// write's outcome, so a load balancer probing every second costs one small write per interval.
    /// </summary>
    /// <value>Between 1 second and 5 minutes. Default: 5 seconds.</value>
    public TimeSpan ReadinessWriteProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the key rotation scheduler checks the key ring.</summary>
    /// <value>Between 1 second and 1 hour. Default: 1 minute.</value>
    public TimeSpan KeyRotationCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The expiry given to an agent registered without one (every agent has an owner and an expiry).</summary>
    /// <value>Between 1 hour and <see cref="MaxAgentLifetime"/>. Default: 90 days.</value>
    public TimeSpan DefaultAgentLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The furthest expiry an agent may have: a later requested expiry is lowered to it. The bootstrap admin
    /// agent gets exactly this lifetime.</summary>
    /// <value>Between 1 hour and 3650 days. Default: 365 days.</value>
    public TimeSpan MaxAgentLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>An agent that has not obtained a token for this long is an orphan (<c>mandate agent orphans</c>);
    /// zero turns unused-detection off (expired agents are still orphans).</summary>
    /// <value>Zero, or between 1 hour and 3650 days. Default: 30 days.</value>
    public TimeSpan OrphanAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Suspends orphaned agents automatically (which revokes their tokens); admin agents are never suspended
    /// this way. Default: false (orphans are only listed).</summary>
    public bool SuspendOrphans { get; set; }

    /// <summary>How often orphans are looked for when <see cref="SuspendOrphans"/> is set.</summary>
    /// <value>Between 1 second and 1 day. Default: 1 hour.</value>
    public TimeSpan OrphanCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Creates the admin agent <c>mandate-admin</c> at first start (when no agent exists) and writes its
    /// credentials to <c>{DataDirectory}/admin-credentials.json</c> (mode 0600).
    /// </summary>
    /// <value>Default: true.</value>
    public bool BootstrapAdmin { get; set; } = true;

    /// <summary>Audit log settings: durability mode, batching and retention.</summary>
    /// <value>Never null. Default: durable audit, 90-day retention.</value>
    public MandateAuditOptions Audit { get; set; } = new();
}
