using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Samples.Delegation;

/// <summary>
/// A stand-in for the organisation's identity provider (docs/delegation.md: Mandate does not log people in). It has
/// an ES256 key pair: the private key stays in <see cref="KeyFile"/> (mode 0600), the public JWK Set goes to
/// <see cref="JwksFile"/> for <c>mandate trust add corp-idp --jwks FILE</c>. "Signing in" a person yields a
/// short-lived JWT with <c>iss</c>, <c>sub</c>, <c>aud</c> (the Mandate issuer), <c>iat</c>, <c>exp</c> and <c>jti</c>.
/// A real IdP would authenticate the person first; this one trusts the command line, which is fine for a sample only.
/// </summary>
internal sealed class CorporateIdp : IDisposable
{
    public const string KeyFile = "corp-idp.key.pem";
    public const string JwksFile = "corp-idp.jwks.json";

    private readonly ECDsa key;
    private readonly string keyId;

    private CorporateIdp(ECDsa key, string issuer)
    {
        this.key = key;
        Issuer = issuer;
        keyId = JsonWebKey.FromECDsa(key, includePrivate: false).ComputeThumbprint();
    }

    /// <summary>The <c>iss</c> of the person tokens.</summary>
    public string Issuer { get; }

    /// <summary>Creates the key pair in <paramref name="directory"/>: the private key (0600) and the public JWK Set.</summary>
    /// <returns>The path of the JWK Set file.</returns>
    public static string Init(string directory)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyPath = Path.Combine(directory, KeyFile);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(keyPath, options))
        {
            file.Write(Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        }

        var publicJwk = JsonWebKey.FromECDsa(key, includePrivate: false);
        var jwk = JsonWebKey.FromECDsa(key, includePrivate: false, kid: publicJwk.ComputeThumbprint(), alg: "ES256");
        var jwksPath = Path.Combine(directory, JwksFile);
        File.WriteAllText(jwksPath, "{\"keys\":[" + jwk.ToJson() + "]}");
        return jwksPath;
    }

    /// <summary>Loads the private key written by <see cref="Init"/>.</summary>
    public static CorporateIdp Load(string directory, string issuer)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(directory, KeyFile)));
        return new CorporateIdp(key, issuer);
    }

    /// <summary>Signs a token for <paramref name="person"/>, addressed to <paramref name="audience"/>.</summary>
    public string SignIn(string person, string audience, TimeSpan lifetime, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = keyId, ["typ"] = "JWT" });
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = person,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["jti"] = Base64Url.Encode(RandomNumberGenerator.GetBytes(16)),
        });
        var input = Base64Url.Encode(header) + "." + Base64Url.Encode(claims);
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.Encode(signature);
    }

    public void Dispose() => key.Dispose();
}
