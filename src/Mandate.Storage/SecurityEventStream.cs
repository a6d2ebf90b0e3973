namespace Mandate.Storage;

/// <summary>
/// One Shared Signals event stream (OpenID SSF 1.0 §8): the receiver that owns it, its status and its configuration
/// document. The store keeps the configuration as opaque JSON; the transmitter reads and writes it.
/// </summary>
public sealed record SecurityEventStream
{
    /// <summary>The transmitter-assigned <c>stream_id</c>. Case-sensitive, unique in the store.</summary>
    public required string StreamId { get; init; }

    /// <summary>The <c>client_id</c> of the receiver that created the stream; only it may read or change the stream.</summary>
    public required string ClientId { get; init; }

    /// <summary><c>enabled</c>, <c>paused</c> or <c>disabled</c> (SSF 1.0 §8.1.2).</summary>
    public required string Status { get; init; }

    /// <summary>The reason given with the last status change, or null.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The stream configuration as a JSON object (SSF 1.0 §8.1.1), without <c>stream_id</c> and status.</summary>
    public required string Configuration { get; init; }

    /// <summary>When the stream was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the configuration or status last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
