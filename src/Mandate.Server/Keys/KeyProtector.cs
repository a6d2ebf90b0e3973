// Encryption at rest of private key material (architecture §2): AES-256-GCM under the KEK,
// blob = nonce (12) || ciphertext || tag (16), with the key id (or secret name) as associated data so a
// blob cannot be moved to another record.
using System.Security.Cryptography;
using System.Text;

namespace Mandate.Server.Keys;

internal sealed class KeyProtector(KeyEncryptionKeyProvider kek)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var blob = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(kek.Key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(associatedData));
        return blob;
    }

    /// <summary>Returns false when the blob is malformed, was encrypted under another KEK, or belongs to another record.</summary>
    public bool TryUnprotect(byte[] blob, string associatedData, out byte[] plaintext)
    {
        plaintext = [];
        if (blob.Length < NonceSize + TagSize)
        {
            return false;
        }

        var length = blob.Length - NonceSize - TagSize;
        var result = new byte[length];
        try
        {
            using var aes = new AesGcm(kek.Key, TagSize);
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, length), blob.AsSpan(NonceSize + length), result, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(result);
            return false;
        }

        plaintext = result;
        return true;
    }
}
