// The public keys an agent registered for private_key_jwt (RFC 7523 §2.2). Each key fixes its
// algorithm (RFC 8725 §3.1): EC keys by curve when alg is absent; RSA keys must name alg, because
// RS256 and PS256 would otherwise both be possible.
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;

namespace Mandate.Server.Agents;

internal static class AgentKeys
{
    /// <summary>Parses a registered JWKS. Returns false with an operator-facing reason when any key is unusable.</summary>
    public static bool TryParse(string jwksJson, out VerificationKeySet? keys, out string error)
    {
        keys = null;
        error = "";
        if (!JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(jwksJson), out var set, out _) || set is null || set.Keys.Count == 0)
        {
            error = "jwks must be a JWK Set with at least one key.";
            return false;
        }

        var list = new List<VerificationKey>(set.Keys.Count);
        foreach (var jwk in set.Keys)
        {
            if (jwk.HasPrivateKey)
            {
                error = "jwks must contain public keys only.";
                return false;
            }

            var algorithm = InferAlgorithm(jwk);
            if (!VerificationKey.TryCreate(jwk, out var key, out _, algorithm) || key is null)
            {
                error = "Every key in jwks needs a supported kty/crv and alg (RSA keys must state alg).";
                return false;
            }

            list.Add(key);
        }

        keys = new VerificationKeySet(list);
        return true;
    }

    private static SignatureAlgorithm? InferAlgorithm(JsonWebKey jwk) => jwk.Alg is not null ? null : (jwk.Kty, jwk.Crv) switch
    {
        ("EC", "P-256") => SignatureAlgorithm.ES256,
        ("EC", "P-384") => SignatureAlgorithm.ES384,
        _ => null,
    };
}
