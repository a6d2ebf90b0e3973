// A client assertion whose client is unknown, or whose kid names none of the client's keys, is still put through one
// signature verification, against a throw-away public key of the header's algorithm: a bad signature by a known
// client and an assertion for an unknown client then cost the same work, so invalid_client does not reveal by its
// timing whether a client id exists (RFC 6749 §10.1, RFC 9700 §4.15). The keys are generated on first use (one per
// algorithm) and never sign anything, so the verification always fails.
using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;

namespace Mandate.Server.ClientAuthentication;

internal sealed class DecoySignatureCheck : IDisposable
{
    private const int MaxSignatureBytes = 1024;

    private readonly Dictionary<SignatureAlgorithm, Lazy<VerificationKey>> _keys = SignatureAlgorithm.All.ToDictionary(
        algorithm => algorithm,
        algorithm => new Lazy<VerificationKey>(() => CreateKey(algorithm), LazyThreadSafetyMode.ExecutionAndPublication));

    private long _verifications;

    /// <summary>How many decoy verifications ran, for tests and measurements.</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    /// <summary>
    /// Verifies the compact JWS <paramref name="token"/> against the decoy key of <paramref name="algorithm"/>, doing the
    /// work a real key would do. Always false; does nothing for a token that is not three segments or an unknown algorithm.
    /// </summary>
    public bool Verify(string token, SignatureAlgorithm? algorithm)
    {
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (secondDot < 0 || algorithm is null || !_keys.TryGetValue(algorithm, out var key))
        {
            return false;
        }

        Interlocked.Increment(ref _verifications);
        Span<byte> signature = stackalloc byte[MaxSignatureBytes];
        if (!Base64Url.TryDecodeFromChars(token.AsSpan(secondDot + 1), signature, out var signatureLength))
        {
            return false;
        }

        var signingInput = ArrayPool<byte>.Shared.Rent(secondDot);
        try
        {
            var length = Encoding.ASCII.GetBytes(token.AsSpan(0, secondDot), signingInput);
            return key.Value.Verify(signingInput.AsSpan(0, length), signature[..signatureLength]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signingInput);
        }
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            if (key.IsValueCreated)
            {
                key.Value.Dispose();
            }
        }
    }

    private static VerificationKey CreateKey(SignatureAlgorithm algorithm)
    {
        using var signing = SigningKey.Generate(algorithm);
        return signing.ToVerificationKey();
    }
}
