namespace Mandate.Server.RateLimiting;

/// <summary>
/// Limits on failed client authentication at the token endpoint, per claimed client id and per source address,
/// counted in fixed windows across every server sharing the store (<see cref="Mandate.Storage.IRateLimitStore"/>).
/// Once a limit is reached, further failures in the window are answered <c>429</c> with <c>Retry-After</c> and are
/// neither audited nor logged one by one, so a bad-secret flood cannot fill the audit store or the log. Per-agent
/// token request limits are part of each agent's policy (<c>PUT /admin/agents/{id}/monitoring</c>).
/// Configuration section: <c>Mandate:RateLimits</c>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Failed authentications naming one client id per <see cref="FailedAuthenticationWindow"/> before that client id's failures are limited.</summary>
    /// <value>Between 1 and 1,000,000. Default: 20.</value>
    public int FailedAuthenticationsPerClientId { get; set; } = 20;

    /// <summary>Failed authentications from one source address per <see cref="FailedAuthenticationWindow"/> before every request from it is limited.</summary>
    /// <value>Between 1 and 1,000,000. Default: 100.</value>
    public int FailedAuthenticationsPerAddress { get; set; } = 100;

    /// <summary>The fixed window of the failed-authentication counters (aligned on the UTC epoch).</summary>
    /// <value>Between 1 second and 1 day. Default: 1 minute.</value>
    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);
}
