// RFC 7515 §5.1 (message signature) and §7.1 (compact serialization). The protected header is
// {"alg","kid","typ"} and is cached per key and typ; only the payload is encoded per token.
using System.Buffers;
using System.Text;

namespace Mandate.Jose.Jws;

/// <summary>Produces compact JWS strings.</summary>
public static class JwsWriter
{
    private const int StackSignatureLimit = 512;

    /// <summary>Signs a payload and returns <c>BASE64URL(header).BASE64URL(payload).BASE64URL(signature)</c>.</summary>
    /// <param name="key">The signing key; its algorithm and <c>kid</c> go into the header.</param>
    /// <param name="typ">The header <c>typ</c>, for example <c>"at+jwt"</c>; omitted when <see langword="null"/>.</param>
    /// <param name="payloadUtf8">The payload bytes, for a JWT the UTF-8 JSON claims object. Not parsed or validated here.</param>
    /// <returns>The compact JWS.</returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public static string CreateCompact(SigningKey key, string? typ, ReadOnlySpan<byte> payloadUtf8)
    {
        ArgumentNullException.ThrowIfNull(key);
        return CreateCompact(key, key.GetEncodedHeader(typ), payloadUtf8);
    }

    /// <summary>Signs with a caller-built protected header (already base64url-encoded ASCII), e.g. a DPoP proof's.</summary>
    internal static string CreateCompact(SigningKey key, byte[] header, ReadOnlySpan<byte> payloadUtf8)
    {
        int signingInputLength = header.Length + 1 + Base64Url.GetEncodedLength(payloadUtf8.Length);
        int total = signingInputLength + 1 + Base64Url.GetEncodedLength(key.SignatureSize);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        byte[]? rentedSignature = null;
        try
        {
            header.CopyTo(buffer, 0);
            buffer[header.Length] = (byte)'.';
            System.Buffers.Text.Base64Url.EncodeToUtf8(payloadUtf8, buffer.AsSpan(header.Length + 1), out _, out _);
            buffer[signingInputLength] = (byte)'.';

            Span<byte> signature = key.SignatureSize <= StackSignatureLimit
                ? stackalloc byte[StackSignatureLimit]
                : (rentedSignature = ArrayPool<byte>.Shared.Rent(key.SignatureSize));
            int written = key.Sign(buffer.AsSpan(0, signingInputLength), signature);
            System.Buffers.Text.Base64Url.EncodeToUtf8(signature[..written], buffer.AsSpan(signingInputLength + 1), out _, out int encoded);
            return Encoding.ASCII.GetString(buffer, 0, signingInputLength + 1 + encoded);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (rentedSignature is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedSignature);
            }
        }
    }
}
