namespace Mandate.Storage;

/// <summary>
/// One parent link of an RFC 8693 exchange: the token <see cref="ChildJti"/> was derived from <see cref="ParentJti"/>.
/// Kept until the child expires, so revoking a token can revoke everything derived from it, also after a restart.
/// </summary>
public sealed record DelegationLink
{
    /// <summary>The <c>jti</c> of the token that was exchanged (the subject token). Case-sensitive.</summary>
    public required string ParentJti { get; init; }

    /// <summary>The <c>jti</c> of the token issued from it. Case-sensitive.</summary>
    public required string ChildJti { get; init; }

    /// <summary>The child's <c>exp</c>: the link stops mattering then and may be purged.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
