namespace Mandate.Storage;

/// <summary>
/// One index of a Token Status List (draft-ietf-oauth-status-list §4, §6.1) and the access token that holds it:
/// what revoking a token, an agent or a signing key needs to find the bits to set.
/// </summary>
public sealed record StatusListEntry
{
    /// <summary>The list, numbered from 1; each list has its own URI.</summary>
    public required int ListId { get; init; }

    /// <summary>The token's <c>idx</c> in the list, from 0 to the list size minus 1.</summary>
    public required int Index { get; init; }

    /// <summary>The holder's <c>jti</c>. Case-sensitive.</summary>
    public required string TokenId { get; init; }

    /// <summary>The holder's <c>sub</c> (the agent id, or the subject of a delegated token).</summary>
    public required string Subject { get; init; }

    /// <summary>The holder's <c>client_id</c>.</summary>
    public required string ClientId { get; init; }

    /// <summary>The <c>kid</c> of the key that signed the holder.</summary>
    public required string KeyId { get; init; }

    /// <summary>The holder's <c>iat</c>, whole seconds.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The holder's <c>exp</c>, whole seconds. The index may be given to another token only once this has passed
    /// (plus the clock skew the caller allows).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
