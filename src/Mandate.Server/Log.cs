// [LoggerMessage] events of Mandate.Server, EventIds 6000-6999 (STYLE §11). These log client_id,
// grant_type, jti and kid - never tokens, secrets or key material.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Debug, "Issued access token jti={Jti} kid={KeyId} to client_id={ClientId} grant_type={GrantType} aud={Audience}.")]
    public static partial void TokenIssued(ILogger logger, string jti, string keyId, string clientId, string grantType, string audience);

    [LoggerMessage(6001, LogLevel.Debug, "Token request denied: error={Error} client_id={ClientId} grant_type={GrantType} reason={Reason}.")]
    public static partial void TokenDenied(ILogger logger, string error, string? clientId, string? grantType, string? reason);

    [LoggerMessage(6002, LogLevel.Information, "Client authentication failed: method={Method} client_id={ClientId} reason={Reason}.")]
    public static partial void ClientAuthenticationFailed(ILogger logger, string method, string? clientId, string reason);

    [LoggerMessage(6010, LogLevel.Warning, "No key-encryption key is configured; generated one into {Path}. Configure MANDATE_KEY_ENCRYPTION_KEY (or Mandate:KeyEncryptionKey) from a secret store for production.")]
    public static partial void KeyEncryptionKeyGenerated(ILogger logger, string path);

    [LoggerMessage(6011, LogLevel.Information, "Using the key-encryption key from {Path}.")]
    public static partial void KeyEncryptionKeyLoadedFromFile(ILogger logger, string path);

    [LoggerMessage(6012, LogLevel.Warning, "AllowInsecureHttpIssuer is set: issuer {Issuer} uses http on a non-loopback host, so tokens and secrets travel unencrypted.")]
    public static partial void InsecureHttpIssuer(ILogger logger, string issuer);

    [LoggerMessage(6020, LogLevel.Information, "Generated signing key kid={KeyId} alg={Algorithm}.")]
    public static partial void SigningKeyGenerated(ILogger logger, string keyId, string algorithm);

    [LoggerMessage(6021, LogLevel.Information, "Signing key kid={KeyId} is now active; previous active kid={PreviousKeyId} retired.")]
    public static partial void SigningKeyActivated(ILogger logger, string keyId, string? previousKeyId);

    [LoggerMessage(6022, LogLevel.Information, "Imported signing key kid={KeyId} alg={Algorithm} state={State}.")]
    public static partial void SigningKeyImported(ILogger logger, string keyId, string algorithm, string state);

    [LoggerMessage(6023, LogLevel.Information, "Signing key kid={KeyId} retired.")]
    public static partial void SigningKeyRetired(ILogger logger, string keyId);

    [LoggerMessage(6024, LogLevel.Error, "Signing key kid={KeyId} could not be decrypted with the configured key-encryption key; it is not used.")]
    public static partial void SigningKeyDecryptionFailed(ILogger logger, string keyId);

    [LoggerMessage(6030, LogLevel.Warning, "Created the bootstrap admin agent client_id={ClientId}; its credentials are in {Path} (mode 0600). Move them to a secret store and delete the file.")]
    public static partial void AdminBootstrapped(ILogger logger, string clientId, string path);

    [LoggerMessage(6031, LogLevel.Information, "Agent {AgentId} {Action} through the admin API by client_id={AdminClientId}.")]
    public static partial void AgentChanged(ILogger logger, string agentId, string action, string? adminClientId);

    [LoggerMessage(6032, LogLevel.Information, "Admin API request refused: {Reason}.")]
    public static partial void AdminRequestRefused(ILogger logger, string reason);

    [LoggerMessage(6040, LogLevel.Warning, "Flushing last-used times of {Count} agents failed; they will be retried.")]
    public static partial void LastUsedFlushFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(6050, LogLevel.Information, "Revoked {Kind} {Subject} (feed sequence {Sequence}) by client_id={ActorClientId}, reason={Reason}.")]
    public static partial void Revoked(ILogger logger, string kind, string subject, long sequence, string? actorClientId, string reason);

    [LoggerMessage(6051, LogLevel.Error, "A revocation observer failed for feed sequence {Sequence}; the revocation stands.")]
    public static partial void RevocationObserverFailed(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(6052, LogLevel.Information, "Revocation refused: client_id={ClientId} may not revoke token jti={Jti} of client_id={OwnerClientId}.")]
    public static partial void RevocationRefused(ILogger logger, string clientId, string jti, string? ownerClientId);

    [LoggerMessage(6053, LogLevel.Debug, "Introspection by client_id={ClientId}: jti={Jti} active={Active}.")]
    public static partial void Introspected(ILogger logger, string clientId, string? jti, bool active);

    [LoggerMessage(6025, LogLevel.Information, "Key rotation: pending key kid={KeyId} published; it becomes active at {ActivatesAt}.")]
    public static partial void KeyRotationScheduled(ILogger logger, string keyId, DateTimeOffset activatesAt);

    [LoggerMessage(6026, LogLevel.Information, "Signing key kid={KeyId} removed from the JWKS: every token it signed has expired.")]
    public static partial void SigningKeyRemoved(ILogger logger, string keyId);

    [LoggerMessage(6027, LogLevel.Error, "The key rotation check failed; it runs again at the next interval.")]
    public static partial void KeyRotationFailed(ILogger logger, Exception exception);

    [LoggerMessage(6028, LogLevel.Warning, "Signing key kid={KeyId} revoked by client_id={AdminClientId}; tokens it signed are refused.")]
    public static partial void SigningKeyRevoked(ILogger logger, string keyId, string adminClientId);

    [LoggerMessage(6041, LogLevel.Error, "The orphan sweep failed; it runs again at the next interval.")]
    public static partial void OrphanSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(6042, LogLevel.Error, "An agent lifecycle observer failed for agent {AgentId} ({Action}); the change stands.")]
    public static partial void LifecycleObserverFailed(ILogger logger, Exception exception, string agentId, string action);

    [LoggerMessage(6100, LogLevel.Warning, "Audit is OFF (Audit.Mode = Off): token requests, issuance and admin changes are not recorded (anomaly detection still runs). Use only for benchmark comparisons.")]
    public static partial void AuditDisabled(ILogger logger);

    [LoggerMessage(6101, LogLevel.Error, "Committing {Count} audit records failed; their requests were refused.")]
    public static partial void AuditCommitFailed(ILogger logger, Exception exception, int count);

    // Per-request lines carry the cause's type and message, not its stack: the commit failure itself is logged once per batch (6101).
    [LoggerMessage(6102, LogLevel.Error, "Token jti={Jti} for client_id={ClientId} was withheld: its audit record could not be committed ({Cause}).")]
    public static partial void TokenWithheldAuditUnavailable(ILogger logger, string jti, string clientId, string cause);

    [LoggerMessage(6103, LogLevel.Warning, "Token denial error={Error} client_id={ClientId} could not be audited ({Cause}).")]
    public static partial void DenialNotAudited(ILogger logger, string error, string? clientId, string cause);

    [LoggerMessage(6104, LogLevel.Information, "Audit retention deleted {Count} records older than {Retention}.")]
    public static partial void AuditRetentionSwept(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(6105, LogLevel.Warning, "Audit retention sweep failed; it is retried on the next tick.")]
    public static partial void AuditRetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(6106, LogLevel.Warning, "Admin change {Action} of {Target} could not be audited ({Cause}).")]
    public static partial void AdminChangeNotAudited(ILogger logger, string action, string? target, string cause);

    [LoggerMessage(6107, LogLevel.Warning, "Introspection by client_id={ClientId} could not be audited ({Cause}).")]
    public static partial void IntrospectionNotAudited(ILogger logger, string clientId, string cause);
}
