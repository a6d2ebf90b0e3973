namespace Mandate.Storage;

/// <summary>
/// An RFC 7591 §3 initial access token created by an operator: the bearer credential that opens dynamic client
/// registration, and the policy that caps what the clients registered with it may get. Only a keyed hash of its
/// secret is stored. Immutable; <see cref="IClientRegistrationStore"/> counts uses and records revocation.
/// </summary>
public sealed record InitialAccessToken
{
    /// <summary>Public identifier, <c>iat_</c> followed by random base32; the first part of the token value.</summary>
    public required string Id { get; init; }

    /// <summary>Keyed hash of the token value (the server's secret-hash key).</summary>
    public required byte[] SecretHash { get; init; }

    /// <summary>Scopes a client registered with this token may be allowed; a request for others is refused.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Absolute URIs of the APIs (RFC 8707 resources) a client registered with this token may get tokens for.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>Grant types a client registered with this token may use.</summary>
    public IReadOnlyList<string> GrantTypes { get; init; } = ["client_credentials"];

    /// <summary>The owner given to registered clients whose metadata names none; null requires the metadata to name one.</summary>
    public string? Owner { get; init; }

    /// <summary>When the token stops opening registration.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>How many registrations the token allows, or null for any number until it expires.</summary>
    public int? MaxUses { get; init; }

    /// <summary>Registrations made with the token so far.</summary>
    public int Uses { get; init; }

    /// <summary>When the operator created the token.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The admin client that created the token, or null.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>When the token was revoked, or null while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
