// jti values (RFC 7519 §4.1.7; RFC 9068 §2.2 requires one): 128 bits from the OS CSPRNG, base64url.
// The random bytes are drawn 4 KiB at a time and handed out 16 bytes at a time, because each
// RandomNumberGenerator call enters OpenSSL's DRBG, which makes a getpid() system call to detect a
// fork; under load that call alone cost about 1 µs per token on the benchmark VM
// (measured; the runs are in the history of docs/benchmarks.md). Every byte is used once and wiped from the buffer when handed out.
using System.Security.Cryptography;

namespace Mandate.Server.Tokens;

internal sealed class TokenIdGenerator
{
    internal const int TokenIdBytes = 16;
    private const int BufferBytes = 4096;

    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _position = BufferBytes;

    /// <summary>A new token id: 16 random bytes as unpadded base64url (22 characters).</summary>
    public string Next()
    {
        Span<byte> id = stackalloc byte[TokenIdBytes];
        lock (_gate)
        {
            if (_position == BufferBytes)
            {
                RandomNumberGenerator.Fill(_buffer);
                _position = 0;
            }

            var slice = _buffer.AsSpan(_position, TokenIdBytes);
            slice.CopyTo(id);
            slice.Clear();
            _position += TokenIdBytes;
        }

        return Mandate.Jose.Base64Url.Encode(id);
    }
}
