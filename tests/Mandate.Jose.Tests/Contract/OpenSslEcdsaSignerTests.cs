using System.Security.Cryptography;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;

namespace Mandate.Jose.Tests.Contract;

/// <summary>
/// The pooled OpenSSL signing path (RFC 7518 §3.4 output) checked against .NET's <see cref="ECDsa"/> as the oracle:
/// every signature verifies there, no two signatures share a nonce, and the DER conversion is strict.
/// </summary>
public sealed class OpenSslEcdsaSignerTests
{
    public static TheoryData<string> Curves => new() { "ES256", "ES384" };

    [Fact(DisplayName = "On Linux with OpenSSL 3, ECDSA keys sign through pooled OpenSSL contexts")]
    public void Generate_OnLinux_UsesPooledContexts()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        using SigningKey rsa = SigningKey.Generate(SignatureAlgorithm.RS256);

        Assert.Equal(OperatingSystem.IsLinux(), key.UsesPooledOpenSslContexts);
        Assert.False(rsa.UsesPooledOpenSslContexts);
    }

    [Theory(DisplayName = "RFC 7518 §3.4: pooled-context signatures verify with .NET ECDsa, each with a fresh nonce")]
    [MemberData(nameof(Curves))]
    public void Sign_VerifiesWithDotNetOracle_AndNeverRepeatsR(string name)
    {
        SignatureAlgorithm algorithm = Name(name);
        using SigningKey key = SigningKey.Generate(algorithm);
        using ECDsa oracle = PublicKey(key, algorithm);
        var rValues = new HashSet<string>(StringComparer.Ordinal);
        byte[] message = new byte[200];

        for (int i = 0; i < 300; i++)
        {
            RandomNumberGenerator.Fill(message);
            byte[] signature = new byte[key.SignatureSize];
            Assert.Equal(2 * algorithm.FieldSize, key.Sign(message, signature));
            Assert.True(oracle.VerifyData(message, signature, algorithm.HashAlgorithm, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.True(rValues.Add(Convert.ToHexString(signature, 0, algorithm.FieldSize)));
        }

        // The same message twice gives two different signatures: the nonce is random, never derived from the message alone.
        byte[] first = new byte[key.SignatureSize], second = new byte[key.SignatureSize];
        key.Sign(message, first);
        key.Sign(message, second);
        Assert.NotEqual(Convert.ToHexString(first), Convert.ToHexString(second));
    }

    [Fact(DisplayName = "Concurrent signers each get their own OpenSSL context; every signature verifies")]
    public async Task Sign_Concurrently_AllVerify()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        using ECDsa oracle = PublicKey(key, SignatureAlgorithm.ES256);
        int failures = 0;

        Task[] workers = Enumerable.Range(0, 16).Select(worker => Task.Run(() =>
        {
            byte[] message = BitConverter.GetBytes(worker);
            byte[] signature = new byte[key.SignatureSize];
            for (int i = 0; i < 200; i++)
            {
                key.Sign(message, signature);
                if (!oracle.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(0, failures);
    }

    [Fact(DisplayName = "Signing with a disposed key fails cleanly instead of touching freed native memory")]
    public void Sign_AfterDispose_Throws()
    {
        SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        byte[] signature = new byte[key.SignatureSize];
        key.Sign("before"u8, signature);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign("after"u8, signature));
    }

    [Fact(DisplayName = "DER to P1363: short integers are left-padded and a sign byte is dropped")]
    public void DerToP1363_PadsAndStrips()
    {
        // r = 0x01 (one byte), s = 0x80 00..00 (32 bytes, DER needs a leading 0x00).
        byte[] s = new byte[32];
        s[0] = 0x80;
        byte[] der = [0x30, 3 + 35, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00, .. s];
        byte[] p1363 = new byte[64];

        Assert.True(OpenSslEcdsaSigner.TryDerToP1363(der, p1363));
        Assert.Equal(0x01, p1363[31]);
        Assert.All(p1363[..31], b => Assert.Equal(0, b));
        Assert.Equal(s, p1363[32..]);
    }

    public static TheoryData<string> MalformedDer => new()
    {
        "3006020101020101FF",                 // trailing byte after the SEQUENCE
        "3006020181020101",                   // negative r
        "300702020001020101",                 // non-minimal r (leading zero not needed)
        "3006040101020101",                   // r not an INTEGER
        "3005020101020101",                   // SEQUENCE length wrong
        "30050200020101",                     // zero-length INTEGER
        "3103020101",                         // not a SEQUENCE
        "30260221" + "01" + new string('0', 64) + "020101", // r has 33 significant bytes: too long for P-256
    };

    [Theory(DisplayName = "DER to P1363: anything but one minimal SEQUENCE of two positive INTEGERs that fit is refused")]
    [MemberData(nameof(MalformedDer))]
    public void DerToP1363_RefusesMalformed(string hex)
    {
        Assert.False(OpenSslEcdsaSigner.TryDerToP1363(Convert.FromHexString(hex), new byte[64]));
    }

    private static SignatureAlgorithm Name(string name) => SignatureAlgorithm.TryGet(name, out SignatureAlgorithm? algorithm) ? algorithm : throw new ArgumentException(name);

    private static ECDsa PublicKey(SigningKey key, SignatureAlgorithm algorithm)
    {
        var parameters = new ECParameters
        {
            Curve = algorithm.EcCurve,
            Q = new ECPoint { X = Decode(key.PublicJwk.X!), Y = Decode(key.PublicJwk.Y!) },
        };
        return ECDsa.Create(parameters);
    }

    private static byte[] Decode(string text) => Base64Url.TryDecode(text, out byte[] bytes) ? bytes : throw new FormatException(text);
}
