namespace Mandate.Server.Registration;

/// <summary>
/// Dynamic client registration (RFC 7591 §3, with RFC 7592 read/update/delete). Closed by default: while
/// <see cref="Enabled"/> is false, <c>/register</c> is not mapped and discovery does not advertise
/// <c>registration_endpoint</c>; once enabled, every registration still needs an initial access token created by an
/// operator (admin API <c>POST /admin/registration-tokens</c>, CLI <c>mandate registration token create</c>), whose
/// policy caps what the registered client may get.
/// </summary>
public sealed class ClientRegistrationOptions
{
    /// <summary>Whether <c>/register</c> is served and advertised. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Requests to <c>/register</c> and <c>/register/{client_id}</c> accepted per source address per <see cref="Window"/>.</summary>
    /// <value>Between 1 and 100,000. Default: 30.</value>
    public int RequestsPerAddress { get; set; } = 30;

    /// <summary>The fixed window of <see cref="RequestsPerAddress"/>.</summary>
    /// <value>Between 1 second and 1 day. Default: 1 minute.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest lifetime an operator may give an initial access token.</summary>
    /// <value>Between 1 minute and 365 days. Default: 30 days.</value>
    public TimeSpan MaxInitialAccessTokenLifetime { get; set; } = TimeSpan.FromDays(30);
}
