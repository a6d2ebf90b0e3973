namespace Mandate.Storage;

/// <summary>
/// A signed Security Event Token (RFC 8417) waiting for delivery on one stream: pushed (RFC 8935) until the receiver
/// accepts it, or held until the receiver polls and acknowledges it (RFC 8936).
/// </summary>
public sealed record PendingSecurityEvent
{
    /// <summary>The stream the event is queued on.</summary>
    public required string StreamId { get; init; }

    /// <summary>The SET's <c>jti</c>; unique per stream.</summary>
    public required string EventId { get; init; }

    /// <summary>The signed SET in compact serialization.</summary>
    public required string Token { get; init; }

    /// <summary>When the event was queued; polls return events oldest first.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an undelivered event is dropped (the retention period).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Push attempts made so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next push attempt is due, or null for an event that waits to be polled.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
