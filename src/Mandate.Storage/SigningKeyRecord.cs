namespace Mandate.Storage;

/// <summary>A stored signing key. The private part is only ever stored encrypted.</summary>
public sealed record SigningKeyRecord
{
    /// <summary>The JWS <c>kid</c>.</summary>
    public required string KeyId { get; init; }

    /// <summary>JWS algorithm name, e.g. <c>ES256</c>.</summary>
    public required string Algorithm { get; init; }

    /// <summary>Lifecycle state.</summary>
    public required SigningKeyState State { get; init; }

    /// <summary>The public JWK as JSON.</summary>
    public required string PublicJwk { get; init; }

    /// <summary>AES-256-GCM of the private JWK JSON: nonce (12) || ciphertext || tag (16); AAD is the key id.</summary>
    public required byte[] EncryptedPrivateKey { get; init; }

    /// <summary>When the key was created or imported.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key started signing, or null.</summary>
    public DateTimeOffset? ActivatedAt { get; init; }

    /// <summary>When the key stopped signing, or null.</summary>
    public DateTimeOffset? RetiredAt { get; init; }
}
