// RFC 9449 §4.3: what a verifier compares a proof against. One instance per request.
using Mandate.Jose.Algorithms;

namespace Mandate.Jose.Dpop;

/// <summary>The request a DPoP proof must match and the verifier's limits.</summary>
public sealed class DpopProofParameters
{
    /// <summary>The HTTP method of the request, e.g. <c>POST</c> (compared case-sensitively, RFC 9110 §9.1).</summary>
    public required string Method { get; init; }

    /// <summary>The URI of the request as the client addressed it; query and fragment are ignored (RFC 9449 §4.3 item 9).</summary>
    public required Uri Uri { get; init; }

    /// <summary>The current time, from the caller's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Accepted <c>alg</c> values, the ones advertised as <c>dpop_signing_alg_values_supported</c>.</summary>
    public required IReadOnlyCollection<SignatureAlgorithm> AllowedAlgorithms { get; init; }

    /// <summary>How old a proof may be by its <c>iat</c>.</summary>
    /// <value>Default: 60 seconds.</value>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Tolerated clock difference in both directions.</summary>
    /// <value>Default: 5 seconds.</value>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The access token the proof accompanies; when set, <c>ath</c> is required and must be its hash
    /// (RFC 9449 §4.3 item 12, §7.1). <see langword="null"/> at the token endpoint.
    /// </summary>
    public string? AccessToken { get; init; }

    /// <summary>Maximum proof length in characters, checked before anything is decoded.</summary>
    /// <value>Default: 8192 (room for an RSA 4096 <c>jwk</c>).</value>
    public int MaxLength { get; init; } = 8192;

    /// <summary>Maximum <c>jti</c> length in characters.</summary>
    /// <value>Default: 256.</value>
    public int MaxJwtIdLength { get; init; } = 256;
}
