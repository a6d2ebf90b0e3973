namespace Mandate.Server.Grants.RefreshToken;

/// <summary>
/// Lifetimes of refresh-token families (RFC 6749 §6; RFC 9700 §4.14.2 rotation). A family starts with a token
/// exchange whose subject is not the calling agent, for an agent allowed the <c>refresh_token</c> grant.
/// </summary>
public sealed class RefreshTokenOptions
{
    /// <summary>How long a refresh token stays usable without being used (each rotation restarts it, never past
    /// <see cref="AbsoluteLifetime"/>).</summary>
    /// <value>Between 1 minute and 30 days, and at most <see cref="AbsoluteLifetime"/>. Default: 1 hour.</value>
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a family lives from its first token, however often it is rotated.</summary>
    /// <value>Between 1 minute and 90 days. Default: 24 hours.</value>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(24);
}
