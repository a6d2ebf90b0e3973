// RFC 9449 §4.2: the proof key is an asymmetric key whose public part goes into the proof's jwk header. A key file
// is PEM (PKCS#8, SEC 1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY") or a private JWK; P-256 signs ES256, P-384
// ES384 and RSA (2048 bits or more) PS256, the algorithms Mandate accepts for proofs by default.
using System.Security.Cryptography;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;

namespace Mandate.Cli.Commands;

/// <summary>Loads the DPoP proof key named by <c>--dpop-key</c>.</summary>
internal static class DpopKeyFile
{
    /// <summary>Reads the key; the caller disposes it.</summary>
    /// <returns>The key. Throws <see cref="CliException"/>: 5 file not found, 2 not a usable private key.</returns>
    public static SigningKey Load(CliContext context, string path)
    {
        string fullPath = context.ResolvePath(path);
        if (!File.Exists(fullPath))
        {
            throw new CliException(ExitCodes.NotFound, $"--dpop-key: {fullPath} not found");
        }

        string text = File.ReadAllText(fullPath).Trim();
        try
        {
            return text.StartsWith('{') ? FromJwk(text, fullPath) : FromPem(text, fullPath);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            throw CliException.Usage($"--dpop-key: {fullPath} is not a usable EC P-256/P-384 or RSA private key");
        }
    }

    private static SigningKey FromJwk(string text, string fullPath) =>
        JsonWebKey.TryParse(text, out JsonWebKey? jwk, out JoseErrorCode error)
            ? SigningKey.FromJwk(jwk)
            : throw CliException.Usage($"--dpop-key: {fullPath} is not a JWK ({error})");

    private static SigningKey FromPem(string text, string fullPath)
    {
        if (text.Contains("RSA PRIVATE KEY", StringComparison.Ordinal) || IsRsaPkcs8(text))
        {
            using RSA rsa = RSA.Create();
            rsa.ImportFromPem(text);
            return SigningKey.FromJwk(JsonWebKey.FromRsa(rsa, includePrivate: true), SignatureAlgorithm.PS256);
        }

        using ECDsa ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(text);
        SignatureAlgorithm algorithm = ecdsa.KeySize switch
        {
            256 => SignatureAlgorithm.ES256,
            384 => SignatureAlgorithm.ES384,
            _ => throw CliException.Usage($"--dpop-key: {fullPath} is an EC key on a curve other than P-256 or P-384"),
        };
        return SigningKey.FromJwk(JsonWebKey.FromECDsa(ecdsa, includePrivate: true), algorithm);
    }

    private static bool IsRsaPkcs8(string text)
    {
        using RSA rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
