// RFC 9449 §7 at a protected resource: which proofs are accepted, whether DPoP is required, API nonces (§9).
namespace Mandate.ResourceServer.Dpop;

/// <summary>DPoP (RFC 9449 §7) settings of <see cref="MandateBearerOptions"/>.</summary>
public sealed class MandateDpopOptions
{
    /// <summary>
    /// Whether every request must present a DPoP-bound token with the <c>DPoP</c> scheme. When false, Bearer tokens
    /// are accepted beside DPoP ones (an API in transition); a DPoP-bound token is still refused as Bearer (§7.2).
    /// Endpoints can require DPoP on their own with <c>RequireDPoP()</c>.
    /// </summary>
    /// <value>Default: false.</value>
    public bool RequireDPoP { get; set; }

    /// <summary>Accepted proof algorithms, announced in the <c>algs</c> challenge parameter (§7.1).</summary>
    /// <value>A non-empty subset of ES256, ES384, PS256, RS256. Default: ES256, ES384, PS256.</value>
    public IList<string> Algorithms { get; } = ["ES256", "ES384", "PS256"];

    /// <summary>How old a proof may be by its <c>iat</c>; its <c>jti</c> is remembered this long (§11.1).</summary>
    /// <value>Between 5 seconds and 5 minutes. Default: 60 seconds.</value>
    public TimeSpan ProofMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tolerated clock difference with the client for the proof's <c>iat</c>.</summary>
    /// <value>Between 0 and 1 minute. Default: 5 seconds.</value>
    public TimeSpan ProofClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether proofs must carry a nonce this API provided (§9), answered with <c>use_dpop_nonce</c> otherwise.</summary>
    /// <value>Default: false.</value>
    public bool RequireNonce { get; set; }

    /// <summary>How long one API nonce is current; a nonce is accepted in its period and the next.</summary>
    /// <value>Between 30 seconds and 1 hour. Default: 5 minutes.</value>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most proof <c>jti</c> values remembered at once; a proof that would overflow the cache is refused.</summary>
    /// <value>At least 1000. Default: 100 000.</value>
    public int ReplayCacheSize { get; set; } = 100_000;
}
