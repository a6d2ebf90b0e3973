namespace Mandate.Storage;

/// <summary>
/// The RFC 7592 side of a dynamically registered client: the keyed hash of its current registration access token
/// and the initial access token whose policy caps it. The client itself is an <see cref="Agent"/>.
/// </summary>
public sealed record ClientRegistration
{
    /// <summary>The registered client's id (an agent id).</summary>
    public required string ClientId { get; init; }

    /// <summary>Keyed hash of the current registration access token; replaced on every update.</summary>
    public required byte[] AccessTokenHash { get; init; }

    /// <summary>
    /// The registered metadata that the <see cref="Agent"/> does not hold (for example <c>token_endpoint_auth_method</c>,
    /// <c>software_id</c>, <c>contacts</c>), as a JSON object; <c>{}</c> when none.
    /// </summary>
    public string Metadata { get; init; } = "{}";

    /// <summary>The initial access token the client was registered with, or null.</summary>
    public string? InitialAccessTokenId { get; init; }

    /// <summary>When the client was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the registration access token was last replaced.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
