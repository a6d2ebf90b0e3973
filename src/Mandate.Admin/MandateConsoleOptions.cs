namespace Mandate.Admin;

/// <summary>
/// Options of the operator console (<c>/console</c>), bound from <c>Mandate:Console</c> by <c>mandate serve</c>
/// (docs/console.md, docs/configuration.md).
/// </summary>
public sealed class MandateConsoleOptions
{
    /// <summary>Whether <c>mandate serve</c> maps the console. Default: true. Turn it off on nodes that only issue tokens.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a signed-in operator may stay idle before the session ends.</summary>
    /// <value>Between 1 minute and 8 hours. Default: 15 minutes.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a session lasts, however active.</summary>
    /// <value>Between 5 minutes and 24 hours, and not shorter than <see cref="IdleTimeout"/>. Default: 8 hours.</value>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in through an external OpenID Connect provider (<c>Mandate:Console:Oidc</c>); off while its
    /// <see cref="MandateConsoleOidcOptions.Authority"/> is unset.</summary>
    public MandateConsoleOidcOptions Oidc { get; set; } = new();
}
