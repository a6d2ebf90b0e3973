// RFC 9449 §9: nonces provided by the protected resource, with a random per-process key (Mandate.Protocol's
// stateless DpopNonce): an instance accepts the nonces it issued in the current and the previous period.
using System.Security.Cryptography;
using Mandate.Protocol.Dpop;

namespace Mandate.ResourceServer.Dpop;

internal sealed class DpopApiNonces
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Current(DateTimeOffset now, TimeSpan lifetime) => DpopNonce.Create(_key, now, lifetime);

    public bool IsValid(string nonce, DateTimeOffset now, TimeSpan lifetime) => DpopNonce.IsValid(_key, nonce, now, lifetime);
}
