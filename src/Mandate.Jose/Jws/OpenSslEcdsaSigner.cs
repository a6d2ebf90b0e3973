// RFC 7518 §3.4: an ES256/ES384 signature is r || s, each left-padded to the field size (IEEE P1363).
// X.690 §8.3 (INTEGER) and §8.9 (SEQUENCE): the DER ECDSA-Sig-Value OpenSSL returns, per RFC 3279 §2.2.3.
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mandate.Jose.Algorithms;

namespace Mandate.Jose.Jws;

/// <summary>
/// ECDSA signing through OpenSSL's own <c>EVP_PKEY_sign</c>, with signing contexts that are initialised once
/// and reused, instead of one context made and freed per signature as <see cref="ECDsa.TrySignData(ReadOnlySpan{byte}, Span{byte}, HashAlgorithmName, DSASignatureFormat, out int)"/>
/// does on Linux. Same library, same key, same nonce generation; only the per-call context set-up goes.
/// </summary>
/// <remarks>
/// Used only when the OpenSSL that .NET loaded is the one this type binds to (same version, 3.x); otherwise
/// <see cref="TryCreate"/> returns <see langword="null"/> and the caller signs through .NET. A context is used by
/// one thread at a time: it is taken from the pool and returned after the call. Each context holds its own
/// reference to the key, so disposing this object while a signature is under way is safe.
/// </remarks>
internal sealed partial class OpenSslEcdsaSigner : IDisposable
{
    private const int MaxDerLength = 2 + 2 * (2 + 1 + 66);

    private readonly SafeEvpPKeyHandle _key;
    private readonly SignatureAlgorithm _algorithm;
    private readonly nint[] _pool;
    private int _disposed;

    private OpenSslEcdsaSigner(SafeEvpPKeyHandle key, SignatureAlgorithm algorithm)
    {
        _key = key;
        _algorithm = algorithm;
        _pool = new nint[Math.Max(4, 2 * Environment.ProcessorCount)];
    }

    /// <summary>Creates a signer for <paramref name="ecdsa"/>'s private key, or returns <see langword="null"/> when it cannot.</summary>
    /// <param name="ecdsa">An exportable private EC key on <paramref name="algorithm"/>'s curve.</param>
    /// <param name="algorithm">ES256 or ES384.</param>
    /// <returns>The signer, already proven to make a signature that <paramref name="ecdsa"/> verifies; or <see langword="null"/>.</returns>
    public static OpenSslEcdsaSigner? TryCreate(ECDsa ecdsa, SignatureAlgorithm algorithm)
    {
        if (!OperatingSystem.IsLinux() || !OpenSslInterop.IsSameLibraryAsRuntime())
        {
            return null;
        }

        ECParameters parameters = default;
        OpenSslEcdsaSigner? signer = null;
        try
        {
            parameters = ecdsa.ExportParameters(true);
            using var openSsl = new ECDsaOpenSsl();
            openSsl.ImportParameters(parameters);
            signer = new OpenSslEcdsaSigner(openSsl.DuplicateKeyHandle(), algorithm);

            // Prove the whole path once against .NET's own verifier before any token depends on it.
            ReadOnlySpan<byte> probe = "mandate-native-signer-self-test"u8;
            Span<byte> signature = stackalloc byte[2 * algorithm.FieldSize];
            if (signer.TrySign(probe, signature) && ecdsa.VerifyData(probe, signature, algorithm.HashAlgorithm, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                OpenSslEcdsaSigner created = signer;
                signer = null;
                return created;
            }

            return null;
        }
        catch (Exception e) when (e is CryptographicException or DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            return null;
        }
        finally
        {
            signer?.Dispose();
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>Signs <paramref name="data"/> into <paramref name="destination"/> as r || s (2 × field size bytes).</summary>
    /// <returns><see langword="false"/> when OpenSSL failed; the caller then signs another way.</returns>
    public bool TrySign(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Span<byte> digest = stackalloc byte[_algorithm.FieldSize];
        int digestLength = _algorithm.FieldSize == 32 ? SHA256.HashData(data, digest) : SHA384.HashData(data, digest);

        nint context = Rent();
        if (context == 0)
        {
            return false;
        }

        Span<byte> der = stackalloc byte[MaxDerLength];
        bool signed = OpenSslInterop.Sign(context, digest[..digestLength], der, out int derLength);
        Return(context);
        return signed && TryDerToP1363(der[..derLength], destination[..(2 * _algorithm.FieldSize)]);
    }

    /// <summary>Frees the pooled contexts and the key reference. Contexts in use are freed when returned.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        for (int i = 0; i < _pool.Length; i++)
        {
            OpenSslInterop.FreeContext(Interlocked.Exchange(ref _pool[i], 0));
        }

        _key.Dispose();
    }

    /// <summary>Converts a DER ECDSA-Sig-Value into r || s, each left-padded to half of <paramref name="destination"/>.</summary>
    /// <returns><see langword="false"/> unless <paramref name="der"/> is exactly one well-formed SEQUENCE of two positive INTEGERs that fit.</returns>
    internal static bool TryDerToP1363(ReadOnlySpan<byte> der, Span<byte> destination)
    {
        // SEQUENCE, short- or one-byte long-form length (at most 2 + 2 × 69 bytes for P-521-sized values).
        if (der.Length < 8 || der[0] != 0x30)
        {
            return false;
        }

        bool longForm = der[1] == 0x81;
        int offset = longForm ? 3 : 2;
        int length = longForm ? der[2] : der[1];
        if (((der[1] & 0x80) != 0 && !longForm) || (longForm && length < 0x80) || offset + length != der.Length)
        {
            return false;
        }

        int size = destination.Length / 2;
        return TryReadInteger(der, ref offset, destination[..size])
            && TryReadInteger(der, ref offset, destination[size..])
            && offset == der.Length;
    }

    private static bool TryReadInteger(ReadOnlySpan<byte> der, ref int offset, Span<byte> destination)
    {
        if (offset + 2 > der.Length || der[offset] != 0x02)
        {
            return false;
        }

        int length = der[offset + 1];
        int start = offset + 2;
        if (length == 0 || length > 0x7F || start + length > der.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> value = der.Slice(start, length);
        if ((value[0] & 0x80) != 0)
        {
            return false; // negative: never an ECDSA r or s
        }

        if (value.Length > 1 && value[0] == 0 && (value[1] & 0x80) == 0)
        {
            return false; // not minimal DER
        }

        if (value[0] == 0 && value.Length > 1)
        {
            value = value[1..];
        }

        if (value.Length > destination.Length)
        {
            return false;
        }

        destination[..^value.Length].Clear();
        value.CopyTo(destination[^value.Length..]);
        offset = start + length;
        return true;
    }

    private nint Rent()
    {
        for (int i = 0; i < _pool.Length; i++)
        {
            if (Volatile.Read(ref _pool[i]) != 0)
            {
                nint context = Interlocked.Exchange(ref _pool[i], 0);
                if (context != 0)
                {
                    return context;
                }
            }
        }

        bool added = false;
        try
        {
            _key.DangerousAddRef(ref added);
            return OpenSslInterop.NewSignContext(_key.DangerousGetHandle());
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                _key.DangerousRelease();
            }
        }
    }

    private void Return(nint context)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            for (int i = 0; i < _pool.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _pool[i], context, 0) == 0)
                {
                    // Dispose may have drained the pool between the check and the store: take it back then.
                    if (Volatile.Read(ref _disposed) != 0)
                    {
                        OpenSslInterop.FreeContext(Interlocked.Exchange(ref _pool[i], 0));
                    }

                    return;
                }
            }
        }

        OpenSslInterop.FreeContext(context);
    }

    /// <summary>The few libcrypto 3 functions this signer calls, bound to the library .NET itself loaded.</summary>
    private static partial class OpenSslInterop
    {
        private const string Library = "libcrypto.so.3";

        /// <summary>True when <see cref="Library"/> is the OpenSSL 3 build .NET's own cryptography is running on.</summary>
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public static bool IsSameLibraryAsRuntime()
        {
            try
            {
                long runtime = SafeEvpPKeyHandle.OpenSslVersion;
                return runtime >= 0x3000_0000L && (long)(ulong)OpenSSL_version_num() == runtime;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException or TypeInitializationException)
            {
                return false;
            }
        }

        /// <summary>A signing context for <paramref name="key"/> (which it references), or 0 when OpenSSL failed.</summary>
        public static nint NewSignContext(nint key)
        {
            nint context = EVP_PKEY_CTX_new(key, 0);
            if (context != 0 && EVP_PKEY_sign_init(context) == 1)
            {
                return context;
            }

            FreeContext(context);
            ERR_clear_error();
            return 0;
        }

        public static unsafe bool Sign(nint context, ReadOnlySpan<byte> digest, Span<byte> der, out int written)
        {
            nuint length = (nuint)der.Length;
            int result;
            fixed (byte* signature = der)
            fixed (byte* tbs = digest)
            {
                result = EVP_PKEY_sign(context, signature, &length, tbs, (nuint)digest.Length);
            }

            if (result != 1 || length > (nuint)der.Length)
            {
                ERR_clear_error();
                written = 0;
                return false;
            }

            written = (int)length;
            return true;
        }

        public static void FreeContext(nint context)
        {
            if (context != 0)
            {
                EVP_PKEY_CTX_free(context);
            }
        }

        [LibraryImport(Library)]
        private static partial ulong OpenSSL_version_num();

        [LibraryImport(Library)]
        private static partial nint EVP_PKEY_CTX_new(nint key, nint engine);

        [LibraryImport(Library)]
        private static partial void EVP_PKEY_CTX_free(nint context);

        [LibraryImport(Library)]
        private static partial int EVP_PKEY_sign_init(nint context);

        [LibraryImport(Library)]
        private static unsafe partial int EVP_PKEY_sign(nint context, byte* signature, nuint* signatureLength, byte* tbs, nuint tbsLength);

        [LibraryImport(Library)]
        private static partial void ERR_clear_error();
    }
}
