// RFC 9449 §7.1 and §4.3 at a resource server: each case presents the real DPoP-bound token with a request that is
// wrong in exactly one way; §7.2 (a bound token must not be accepted as a Bearer token), §4.3 items 8, 9, 11 and 12
// (htm, htu, iat, ath), §11.1 (replay), §6.1 and §7.1 (the proof key must be the one cnf.jkt names).
namespace Mandate.Cli.Probe;

/// <summary>The DPoP cases <c>mandate probe --dpop</c> sends. Each must be rejected by an API that checks DPoP.</summary>
internal static class DpopProbeCatalogue
{
    /// <summary>A token that is not the real one, for a proof whose <c>ath</c> names another token.</summary>
    private const string OtherToken = "another.access.token";

    /// <summary>The cases, in the order they are run and printed.</summary>
    public static IReadOnlyList<DpopProbeCase> All { get; } =
    [
        new("DPoP: bound token sent as Bearer, no proof", (s, t, token) => new ProbeRequest(token)),
        new("DPoP: bound token sent as Bearer, with a valid proof", (s, t, token) => new ProbeRequest(token, Proofs: [s.Proof("GET", t, token)])),
        new("DPoP: DPoP scheme without a proof", (s, t, token) => new ProbeRequest(token, Scheme: "DPoP")),
        new("DPoP: proof for another method (POST)", (s, t, token) => Dpop(token, s.Proof("POST", t, token))),
        new("DPoP: proof for another URL", (s, t, token) => Dpop(token, s.Proof("GET", new Uri(t, "/probe-another-path"), token))),
        new("DPoP: replayed proof (jti already used)", (s, t, token) => Dpop(token, s.SpentProof ?? s.Proof("GET", t, token))),
        new("DPoP: proof signed by another key (not cnf.jkt)", (s, t, token) => Dpop(token, s.AttackerProof("GET", t, token))),
        new("DPoP: proof without ath", (s, t, token) => Dpop(token, s.Proof("GET", t, null))),
        new("DPoP: proof whose ath is another token's hash", (s, t, token) => Dpop(token, s.Proof("GET", t, OtherToken))),
        new("DPoP: proof issued 10 minutes ago", (s, t, token) => Dpop(token, s.Proof("GET", t, token, TimeSpan.FromMinutes(10)))),
        new("DPoP: two proofs", (s, t, token) => new ProbeRequest(token, Scheme: "DPoP", Proofs: [s.Proof("GET", t, token), s.Proof("GET", t, token)])),
    ];

    private static ProbeRequest Dpop(string token, string proof) => new(token, Scheme: "DPoP", Proofs: [proof]);
}
