namespace Mandate.Agent;

/// <summary>
/// Options of <see cref="MandateTokenClient"/>: who the agent is, how it authenticates to the token
/// endpoint and when cached tokens are renewed. Validated at start-up; see each property for its range.
/// </summary>
/// <remarks>
/// Exactly one credential must be set: <see cref="ClientSecret"/> (RFC 6749 §2.3.1
/// <c>client_secret_basic</c>), or <see cref="PrivateKeyJwk"/> / <see cref="PrivateKeyFile"/>
/// (RFC 7523 §2.2 <c>private_key_jwt</c>). <see cref="ToString"/> never prints credentials.
/// </remarks>
public sealed class MandateTokenClientOptions
{
    /// <summary>
    /// Whether to get DPoP-bound tokens (RFC 9449): every token request and every API call through
    /// <see cref="MandateTokenHandler"/> carries a fresh proof made with <see cref="DpopKey"/>. Default: false.
    /// </summary>
    public bool UseDpop { get; set; }

    /// <summary>
    /// The agent's DPoP key, for example one kept in a key vault; the host owns and disposes it. When null and
    /// <see cref="UseDpop"/> is set, the client generates an ES256 key in memory that lives and dies with it.
    /// Never logged.
    /// </summary>
    public Mandate.Jose.Jws.SigningKey? DpopKey { get; set; }

    /// <summary>Issuer URL of the Mandate server. The token endpoint is discovered from
    /// <c>{Issuer}/.well-known/oauth-authorization-server</c> unless <see cref="TokenEndpoint"/> is set.</summary>
    /// <value>Required. Absolute <c>https</c> URL; <c>http</c> is accepted only for loopback hosts.</value>
    public Uri? Issuer { get; set; }

    /// <summary>The agent's <c>client_id</c> (for Mandate, the agent id <c>agt_…</c>).</summary>
    /// <value>Required.</value>
    public string? ClientId { get; set; }

    /// <summary>Client secret for <c>client_secret_basic</c>. Never logged or printed.</summary>
    /// <value>Default: <see langword="null"/>. Mutually exclusive with the private key options.</value>
    public string? ClientSecret { get; set; }

    /// <summary>Private JWK (JSON text) for <c>private_key_jwt</c>. Never logged or printed.</summary>
    /// <value>Default: <see langword="null"/>. Mutually exclusive with <see cref="ClientSecret"/> and
    /// <see cref="PrivateKeyFile"/>.</value>
    public string? PrivateKeyJwk { get; set; }

    /// <summary>Path of a file holding the private JWK for <c>private_key_jwt</c>, read once at first use.</summary>
    /// <value>Default: <see langword="null"/>. Mutually exclusive with <see cref="ClientSecret"/> and
    /// <see cref="PrivateKeyJwk"/>.</value>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Token endpoint to use instead of the discovered one.</summary>
    /// <value>Default: <see langword="null"/> (discover). Same scheme rules as <see cref="Issuer"/>.</value>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Fraction of a token's lifetime (from <c>expires_in</c>, counted from the moment the
    /// request was sent) after which the next caller renews it.</summary>
    /// <value>Between 0.1 and 0.95. Default: 0.8.</value>
    public double RenewAt { get; set; } = 0.8;

    /// <summary>Random spread of the renewal point, as a fraction of the lifetime, applied as ± this
    /// value so that many agents started together do not renew together.</summary>
    /// <value>Between 0 and 0.2, and <c>RenewAt + Jitter</c> below 1. Default: 0.05 (± 5 %).</value>
    public double Jitter { get; set; } = 0.05;

    /// <summary>A cached token is never handed out with less than this left before it expires. For a
    /// short-lived token the margin is capped at a tenth of its lifetime (1 s for a 10 s token), so that
    /// renewal still happens at <see cref="RenewAt"/>.</summary>
    /// <value>Between 0 and 5 minutes. Default: 5 seconds.</value>
    public TimeSpan MinimumRemainingLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most tokens obtained by <see cref="MandateTokenClient.ExchangeAsync"/> kept in the cache (one per
    /// distinct exchange request). Past it, expired entries are dropped first, then the least recently used.</summary>
    /// <value>Between 1 and 100,000. Default: 1,000.</value>
    public int MaxCachedExchanges { get; set; } = 1_000;

    /// <summary>Retry policy for transient token endpoint failures.</summary>
    public MandateRetryOptions Retry { get; set; } = new();

    /// <summary>Clock used for expiry, renewal and retry delays.</summary>
    /// <value>Default: <see langword="null"/>: the <see cref="System.TimeProvider"/> registered in DI,
    /// else <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The client authentication method these options select.</summary>
    internal bool UsesPrivateKeyJwt => PrivateKeyJwk is not null || PrivateKeyFile is not null;

    /// <summary>Describes the options without any credential material.</summary>
    public override string ToString() =>
        $"Issuer = {Issuer}, ClientId = {ClientId}, Authentication = {(UsesPrivateKeyJwt ? "private_key_jwt" : ClientSecret is null ? "none" : "client_secret_basic")}, " +
        $"ClientSecret = {Redacted(ClientSecret)}, PrivateKeyJwk = {Redacted(PrivateKeyJwk)}, PrivateKeyFile = {PrivateKeyFile}, " +
        $"TokenEndpoint = {TokenEndpoint}, RenewAt = {RenewAt}, Jitter = {Jitter}, MinimumRemainingLifetime = {MinimumRemainingLifetime}, MaxCachedExchanges = {MaxCachedExchanges}, Retry = {{ {Retry} }}";

    internal static string Redacted(string? secret) => secret is null ? "(null)" : "***";
}
