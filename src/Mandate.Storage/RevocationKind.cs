namespace Mandate.Storage;

/// <summary>What a <see cref="RevocationEvent"/> revokes. Stored as its integer value; never renumber.</summary>
public enum RevocationKind
{
    /// <summary>One access token, by <c>jti</c> (RFC 7009 revocation).</summary>
    Token = 0,

    /// <summary>Every token of one agent issued before a not-before mark (suspend, decommission, secret rotation).</summary>
    AgentNotBefore = 1,

    /// <summary>Every token signed by one signing key (emergency key revocation).</summary>
    SigningKey = 2,
}
