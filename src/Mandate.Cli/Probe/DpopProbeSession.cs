// RFC 9449 §7.1 (a bound token is sent as "Authorization: DPoP" with a proof carrying htm, htu and ath) and §9 (the
// API may demand a nonce: a 401 use_dpop_nonce with a DPoP-Nonce header, retried once). The probe holds the key the
// real token is bound to, so it can make valid proofs and, for the cases, proofs that are wrong in one way each.
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Protocol.Dpop;

namespace Mandate.Cli.Probe;

/// <summary>The probe's DPoP key, an attacker's key, and the API's last nonce.</summary>
internal sealed class DpopProbeSession : IDisposable
{
    private readonly SigningKey _attackerKey = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly DpopProofWriter _writer;
    private readonly DpopProofWriter _attacker;
    private readonly TimeProvider _time;

    /// <summary>Creates a session with a fresh ES256 key the real token will be bound to.</summary>
    public DpopProbeSession(TimeProvider time)
    {
        _time = time;
        Key = SigningKey.Generate(SignatureAlgorithm.ES256);
        _writer = new DpopProofWriter(Key);
        _attacker = new DpopProofWriter(_attackerKey);
    }

    /// <summary>The key the real token is bound to.</summary>
    public SigningKey Key { get; }

    /// <summary>The last <c>DPoP-Nonce</c> the API sent, or null.</summary>
    public string? Nonce { get; private set; }

    /// <summary>The proof of the last accepted real request: spent, so sending it again is a replay.</summary>
    public string? SpentProof { get; set; }

    /// <summary>A valid proof for <paramref name="method"/> <paramref name="uri"/> and <paramref name="token"/>.</summary>
    public string Proof(string method, Uri uri, string? token, TimeSpan? age = null) =>
        _writer.Create(method, uri, _time.GetUtcNow() - (age ?? TimeSpan.Zero), token, Nonce);

    /// <summary>A proof that is valid in every way but its key: not the one the token is bound to.</summary>
    public string AttackerProof(string method, Uri uri, string token) => _attacker.Create(method, uri, _time.GetUtcNow(), token, Nonce);

    /// <summary>Remembers the API's nonce; true when the response is a <c>use_dpop_nonce</c> challenge worth one retry.</summary>
    public bool Remember(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(DpopHeaderNames.Nonce, out IEnumerable<string>? values) || values.FirstOrDefault() is not { Length: > 0 } nonce)
        {
            return false;
        }

        bool changed = nonce != Nonce;
        Nonce = nonce;
        return changed && response.StatusCode == System.Net.HttpStatusCode.Unauthorized;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Key.Dispose();
        _attackerKey.Dispose();
    }
}
