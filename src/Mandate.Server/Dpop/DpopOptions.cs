// RFC 9449 at the token endpoint: which proofs are accepted (§4.3), whether clients must use DPoP, and the
// server-provided nonces of §8.
using Mandate.Storage;

namespace Mandate.Server.Dpop;

/// <summary>DPoP (RFC 9449) at the token endpoint.</summary>
public sealed class DpopOptions
{
    /// <summary>Whether token requests must carry a DPoP proof, for agents that do not set their own requirement.</summary>
    /// <value>Default: <see cref="DpopRequirement.Allowed"/> (a proof binds the token; without one a bearer token is issued).</value>
    public DpopRequirement DefaultRequirement { get; set; } = DpopRequirement.Allowed;

    /// <summary>Accepted proof algorithms, published as <c>dpop_signing_alg_values_supported</c> (RFC 9449 §5.1).</summary>
    /// <value>A non-empty subset of ES256, ES384, PS256, RS256. Default: ES256, ES384, PS256.</value>
    public IList<string> SigningAlgorithms { get; set; } = ["ES256", "ES384", "PS256"];

    /// <summary>How old a proof may be by its <c>iat</c> (RFC 9449 §11.1); its <c>jti</c> is remembered this long.</summary>
    /// <value>Between 5 seconds and 5 minutes. Default: 60 seconds.</value>
    public TimeSpan ProofMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tolerated clock difference between the client and the server for <c>iat</c>.</summary>
    /// <value>Between 0 and 1 minute. Default: 5 seconds.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether every proof must carry a server-provided nonce (RFC 9449 §8), limiting a proof made ahead of time.</summary>
    /// <value>Default: false.</value>
    public bool RequireNonce { get; set; }

    /// <summary>How long one nonce value is current; a nonce is accepted during its period and the next one.</summary>
    /// <value>Between 30 seconds and 1 hour. Default: 5 minutes.</value>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
