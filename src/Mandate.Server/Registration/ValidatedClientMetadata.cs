namespace Mandate.Server.Registration;

/// <summary>Client metadata accepted by <see cref="ClientMetadataValidator"/>, ready to become an agent.</summary>
internal sealed record ValidatedClientMetadata
{
    public required string Name { get; init; }
    public required string Owner { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required IReadOnlyList<string> GrantTypes { get; init; }

    /// <summary>The public JWK Set (JSON) of a private_key_jwt client, else null.</summary>
    public string? Jwks { get; init; }

    /// <summary>The metadata kept beside the agent.</summary>
    public required StoredClientMetadata Stored { get; init; }
}
