// RFC 7515 §4.1.4 (kid as a key hint) and RFC 8725 §3.10 (never take keys from jku/x5u/jwk/x5c):
// keys come only from this set, chosen by kid; a missing kid is accepted only when there is no choice.
using System.Diagnostics.CodeAnalysis;
using Mandate.Jose.Jwk;

namespace Mandate.Jose.Jws;

/// <summary>An immutable set of verification keys indexed by <c>kid</c>. The set does not own (dispose) its keys.</summary>
public sealed class VerificationKeySet
{
    private readonly VerificationKey[] _keys;
    private readonly Dictionary<string, VerificationKey> _byKid;

    /// <summary>Creates a set. When two keys share a <c>kid</c>, the first one wins.</summary>
    /// <param name="keys">The keys; may be empty.</param>
    public VerificationKeySet(IEnumerable<VerificationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [.. keys];
        _byKid = new Dictionary<string, VerificationKey>(_keys.Length, StringComparer.Ordinal);
        foreach (VerificationKey key in _keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            if (key.KeyId is not null)
            {
                _byKid.TryAdd(key.KeyId, key);
            }
        }
    }

    /// <summary>An empty set.</summary>
    public static VerificationKeySet Empty { get; } = new([]);

    /// <summary>The number of keys.</summary>
    public int Count => _keys.Length;

    /// <summary>The keys, in the order given.</summary>
    public IReadOnlyList<VerificationKey> Keys => _keys;

    /// <summary>
    /// Builds a set from a JWKS, skipping keys that cannot verify Mandate signatures: <c>use</c> other than
    /// <c>sig</c> (e.g. <c>enc</c>), unsupported <c>kty</c>/<c>crv</c>/<c>alg</c>, keys without any usable
    /// algorithm, weak RSA keys, and keys that carry private members (a published JWKS never should).
    /// An EC key without <c>alg</c> gets the algorithm of its curve; an RSA key without <c>alg</c> is skipped.
    /// </summary>
    /// <param name="jwks">The key set.</param>
    /// <returns>The usable keys; possibly empty.</returns>
    public static VerificationKeySet FromJwks(JsonWebKeySet jwks)
    {
        ArgumentNullException.ThrowIfNull(jwks);
        var keys = new List<VerificationKey>(jwks.Keys.Count);
        foreach (JsonWebKey jwk in jwks.Keys)
        {
            if (jwk.HasPrivateKey)
            {
                continue;
            }

            // RFC 7518 §3.4: the curve determines the only possible ECDSA algorithm.
            var fallback = jwk.Alg is null && jwk.Kty == "EC" ? Algorithms.SignatureAlgorithm.ForCurve(jwk.Crv) : null;
            if (VerificationKey.TryCreate(jwk, out VerificationKey? key, out _, fallback))
            {
                keys.Add(key);
            }
        }

        return new VerificationKeySet(keys);
    }

    /// <summary>Finds the key for a token's <c>kid</c>.</summary>
    /// <param name="kid">The header <c>kid</c>; <see langword="null"/> matches only when the set holds exactly one key.</param>
    /// <param name="key">The key; <see langword="null"/> when not found.</param>
    /// <returns><see langword="true"/> when a key was found.</returns>
    public bool TryFind(string? kid, [NotNullWhen(true)] out VerificationKey? key)
    {
        if (kid is null)
        {
            key = _keys.Length == 1 ? _keys[0] : null;
            return key is not null;
        }

        return _byKid.TryGetValue(kid, out key);
    }
}
