namespace Mandate.Storage;

/// <summary>
/// One audit event: a token request (granted or denied), an issuance, an introspection, a revocation,
/// an admin change or a key event. Never holds a token, a client secret or key material: only
/// identifiers (<c>jti</c>, <c>kid</c>, agent id) and operator-facing reasons.
/// </summary>
/// <remarks>
/// The common fields are columns so they can be filtered; anything event-specific (a delegation chain,
/// the fields an admin changed) goes into <see cref="Details"/> as a small JSON object.
/// </remarks>
public sealed record AuditRecord
{
    /// <summary>Store-assigned, strictly increasing sequence number; 0 before the record is stored.</summary>
    public long Id { get; init; }

    /// <summary>When the event happened (server clock, UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The event type, one of <see cref="AuditEventTypes"/> (e.g. <c>token.issued</c>).</summary>
    public required string Type { get; init; }

    /// <summary>The authenticated agent's id, or null when the request was not authenticated.</summary>
    public string? AgentId { get; init; }

    /// <summary>The client id the request claimed or authenticated as; may name no agent. At most 256 characters.</summary>
    public string? ClientId { get; init; }

    /// <summary>The OAuth <c>grant_type</c> of a token request, or null.</summary>
    public string? GrantType { get; init; }

    /// <summary>The OAuth error code of a denial (RFC 6749 §5.2), or null on success.</summary>
    public string? Error { get; init; }

    /// <summary>Operator-facing reason (a denial's cause, an admin action); never a secret.</summary>
    public string? Reason { get; init; }

    /// <summary>The token's <c>jti</c> (issued, introspected or revoked), or null.</summary>
    public string? TokenId { get; init; }

    /// <summary>The <c>kid</c> of the signing key involved, or null.</summary>
    public string? KeyId { get; init; }

    /// <summary>Granted (or requested, on denial) scopes, space-separated; null when none apply.</summary>
    public string? Scopes { get; init; }

    /// <summary>The token audience (<c>aud</c>), or null.</summary>
    public string? Audience { get; init; }

    /// <summary>Lifetime of an issued token in seconds, or null.</summary>
    public long? LifetimeSeconds { get; init; }

    /// <summary>The client's network address as the server saw it, or null.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The request's <c>User-Agent</c> header (at most 256 characters), or null.</summary>
    public string? UserAgent { get; init; }

    /// <summary>W3C trace context trace-id (32 lowercase hex digits) of the request, or null.</summary>
    public string? TraceId { get; init; }

    /// <summary>W3C trace context parent-id/span-id (16 lowercase hex digits) of the request, or null.</summary>
    public string? SpanId { get; init; }

    /// <summary>Event-specific JSON object (e.g. <c>{"act":["agt_..."]}</c>), or null.</summary>
    public string? Details { get; init; }
}
