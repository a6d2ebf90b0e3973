// The cache key of an exchanged token: SHA-256 over every request field that can change the issued token, each
// length-prefixed so that no two different requests share an encoding. The raw subject and actor tokens are
// hashed and dropped; only the hash is kept for as long as the entry lives.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mandate.Agent;

/// <summary>A SHA-256 digest that identifies one token exchange request.</summary>
internal readonly record struct ExchangeCacheKey(UInt128 High, UInt128 Low)
{
    public static ExchangeCacheKey Create(string subjectToken, string? actorToken, TokenExchangeRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, subjectToken);
        Append(hash, request.SubjectTokenType);
        Append(hash, actorToken);
        Append(hash, actorToken is null ? null : request.ActorTokenType);
        Append(hash, request.Resource?.AbsoluteUri);
        Append(hash, string.IsNullOrEmpty(request.Audience) ? null : request.Audience);
        Append(hash, string.IsNullOrEmpty(request.Scope) ? null : request.Scope);
        Append(hash, request.RequestedTokenType);

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new ExchangeCacheKey(BinaryPrimitives.ReadUInt128BigEndian(digest), BinaryPrimitives.ReadUInt128BigEndian(digest[16..]));
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            // -1 marks "absent", distinct from the empty string.
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
        CryptographicOperations.ZeroMemory(bytes);
    }
}
