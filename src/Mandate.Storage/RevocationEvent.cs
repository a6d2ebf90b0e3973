namespace Mandate.Storage;

/// <summary>
/// One entry of the revocation feed. Events are append-only; <see cref="Sequence"/> is the feed cursor.
/// </summary>
public sealed record RevocationEvent
{
    /// <summary>Position in the feed, assigned by <see cref="IRevocationStore.AppendAsync"/>: strictly increasing,
    /// never reused, also after expired events are purged. 0 on an event not yet appended.</summary>
    public long Sequence { get; init; }

    /// <summary>What is revoked.</summary>
    public required RevocationKind Kind { get; init; }

    /// <summary>The <c>jti</c> (<see cref="RevocationKind.Token"/>), the agent id (<see cref="RevocationKind.AgentNotBefore"/>)
    /// or the <c>kid</c> (<see cref="RevocationKind.SigningKey"/>). Case-sensitive.</summary>
    public required string Subject { get; init; }

    /// <summary>When the revocation took effect. For <see cref="RevocationKind.AgentNotBefore"/> it is the mark:
    /// tokens of the agent whose <c>iat</c> is before it are revoked.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>When the event stops mattering: the revoked token's <c>exp</c>, or the mark plus the longest token
    /// lifetime. Consumers drop the event from then on; stores may purge it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
