using Mandate.Storage;

namespace Mandate.Admin.Console;

/// <summary>One token of a delegation chain: its jti, its <c>token.issued</c> record when the audit trail still holds it,
/// and (for a derived token) the expiry its parent link carries.</summary>
internal sealed record ConsoleChainHop(string Jti, AuditRecord? Record, DateTimeOffset? LinkExpiresAt)
{
    public DateTimeOffset? ExpiresAt => Record is { LifetimeSeconds: { } lifetime } record ? record.Timestamp.AddSeconds(lifetime) : LinkExpiresAt;
}
