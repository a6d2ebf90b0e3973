using System.Text;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;

namespace Mandate.Server.Keys;

/// <summary>An immutable view of the key ring, swapped atomically when keys change.</summary>
internal sealed class KeyRingSnapshot
{
    public KeyRingSnapshot(SigningKey active, IReadOnlyList<JsonWebKey> published)
    {
        Active = active;
        JwksJson = Encoding.UTF8.GetBytes(new JsonWebKeySet(published).ToJson());
        var verificationKeys = new List<VerificationKey>(published.Count);
        foreach (var jwk in published)
        {
            if (VerificationKey.TryCreate(jwk, out var key, out _) && key is not null)
            {
                verificationKeys.Add(key);
            }
        }

        VerificationKeys = new VerificationKeySet(verificationKeys);
    }

    /// <summary>The key that signs new tokens.</summary>
    public SigningKey Active { get; }

    /// <summary>UTF-8 <c>{"keys":[...]}</c> with public members only (RFC 7517 §5).</summary>
    public byte[] JwksJson { get; }

    /// <summary>The published keys, for validating this server's own tokens (admin API).</summary>
    public VerificationKeySet VerificationKeys { get; }
}
