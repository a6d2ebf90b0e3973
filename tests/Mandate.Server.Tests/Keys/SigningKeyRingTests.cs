// Signing keys: generated at first start, stored with AES-256-GCM under the KEK (AAD = kid), published
// as public JWKs only; operator import validated; activation retires the previous key.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Server.Keys;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Keys;

public sealed class SigningKeyRingTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SigningKeyRing Ring => _server.Services.GetRequiredService<SigningKeyRing>();

    private ISigningKeyStore Store => _server.Services.GetRequiredService<ISigningKeyStore>();

    [Fact(DisplayName = "First start generates one active ES256 key")]
    public async Task FirstStart_GeneratesActiveKey()
    {
        var record = Assert.Single(await Store.ListAsync(CancellationToken.None));
        Assert.Equal(SigningKeyState.Active, record.State);
        Assert.Equal("ES256", record.Algorithm);
        Assert.Equal(record.KeyId, Ring.ActiveKey.KeyId);
    }

    [Fact(DisplayName = "The stored private key is AES-GCM ciphertext: the d value is not in the record")]
    public async Task PrivateKey_IsEncryptedAtRest()
    {
        var record = Assert.Single(await Store.ListAsync(CancellationToken.None));
        var d = Ring.ActiveKey.ExportPrivateJwk().D!;
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record)).Concat(record.EncryptedPrivateKey).ToArray();
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(d)));
        Assert.True(Mandate.Jose.Base64Url.TryDecode(d, out var rawD));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(rawD));
        Assert.DoesNotContain("\"d\"", record.PublicJwk);
    }

    [Fact(DisplayName = "The ciphertext is bound to its kid (AAD) and to the KEK")]
    public async Task Ciphertext_IsBoundToKidAndKek()
    {
        var record = Assert.Single(await Store.ListAsync(CancellationToken.None));
        var protector = _server.Services.GetRequiredService<KeyProtector>();
        Assert.True(protector.TryUnprotect(record.EncryptedPrivateKey, record.KeyId, out _));
        Assert.False(protector.TryUnprotect(record.EncryptedPrivateKey, "another-kid", out _));

        await using var other = await ServerHarness.CreateAsync();
        Assert.False(other.Services.GetRequiredService<KeyProtector>().TryUnprotect(record.EncryptedPrivateKey, record.KeyId, out _));
    }

    [Fact(DisplayName = "RFC 7517 §5: the JWKS holds public members only")]
    public void Jwks_IsPublicOnly()
    {
        using var json = JsonDocument.Parse(Ring.Snapshot.JwksJson);
        var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray());
        var names = key.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.DoesNotContain("d", names);
        Assert.Contains("kid", names);
        Assert.Equal("sig", key.GetProperty("use").GetString());
    }

    [Fact(DisplayName = "Importing and activating a key retires the previous one, which stays published")]
    public async Task ImportActivate_RetiresPrevious()
    {
        var previous = Ring.ActiveKey.KeyId;
        using var imported = SigningKey.Generate(SignatureAlgorithm.ES384);
        Assert.True(SigningKeyImport.TryCreate(imported.ExportPrivateJwk(), out var key, out _));
        var record = await Ring.ImportAsync(key!, activate: true, CancellationToken.None);
        Assert.Equal(SigningKeyState.Active, record!.State);
        Assert.Equal(imported.KeyId, Ring.ActiveKey.KeyId);

        var records = await Store.ListAsync(CancellationToken.None);
        Assert.Equal(SigningKeyState.Retired, records.Single(r => r.KeyId == previous).State);
        Assert.True(JsonWebKeySet.TryParse(Ring.Snapshot.JwksJson, out var set, out _));
        Assert.Equal(2, set!.Keys.Count);
    }

    [Fact(DisplayName = "An imported key without activation is pending and published, and can be activated later")]
    public async Task ImportPending_ThenActivate()
    {
        using var imported = SigningKey.Generate(SignatureAlgorithm.ES256);
        Assert.True(SigningKeyImport.TryCreate(imported.ExportPrivateJwk(), out var key, out _));
        var record = await Ring.ImportAsync(key!, activate: false, CancellationToken.None);
        Assert.Equal(SigningKeyState.Pending, record!.State);
        Assert.NotEqual(imported.KeyId, Ring.ActiveKey.KeyId);
        Assert.True(Ring.Snapshot.VerificationKeys.TryFind(imported.KeyId, out _));

        Assert.True(await Ring.ActivateAsync(imported.KeyId, CancellationToken.None));
        Assert.Equal(imported.KeyId, Ring.ActiveKey.KeyId);
        Assert.Null(await Ring.ImportAsync(key!, activate: false, CancellationToken.None));
    }

    [Fact(DisplayName = "The active key cannot be retired directly; a pending one can")]
    public async Task Retire_Rules()
    {
        Assert.False(await Ring.RetireAsync(Ring.ActiveKey.KeyId, CancellationToken.None));
        using var imported = SigningKey.Generate(SignatureAlgorithm.ES256);
        Assert.True(SigningKeyImport.TryCreate(imported.ExportPrivateJwk(), out var key, out _));
        await Ring.ImportAsync(key!, activate: false, CancellationToken.None);
        Assert.True(await Ring.RetireAsync(imported.KeyId, CancellationToken.None));
    }

    [Fact(DisplayName = "Import refuses public-only JWKs")]
    public void Import_RefusesPublicKey()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        Assert.False(SigningKeyImport.TryCreate(key.PublicJwk, out _, out var error));
        Assert.Contains("private", error);
    }

    [Fact(DisplayName = "RFC 8725 §3.5: import refuses RSA keys under 2048 bits")]
    public void Import_RefusesShortRsa()
    {
        using var rsa = RSA.Create(1024);
        Assert.False(SigningKeyImport.TryCreate(JsonWebKey.FromRsa(rsa, includePrivate: true), out _, out var error));
        Assert.Contains("2048", error);
    }

    [Fact(DisplayName = "Import accepts RSA 2048 as PS256 and P-384 as ES384")]
    public void Import_AcceptsRsaAndP384()
    {
        using var rsa = RSA.Create(2048);
        Assert.True(SigningKeyImport.TryCreate(JsonWebKey.FromRsa(rsa, includePrivate: true), out var rsaKey, out _));
        Assert.Equal("PS256", rsaKey!.Algorithm.Name);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.True(SigningKeyImport.TryCreate(JsonWebKey.FromECDsa(ec, includePrivate: true), out var ecKey, out _));
        Assert.Equal("ES384", ecKey!.Algorithm.Name);
        rsaKey.Dispose();
        ecKey.Dispose();
    }

    [Fact(DisplayName = "RFC 8725 §3.1: import refuses a JWK whose alg contradicts its curve")]
    public void Import_RefusesUnsupported()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(SigningKeyImport.TryCreate(JsonWebKey.FromECDsa(p256, includePrivate: true, alg: "ES384"), out _, out _));
    }

    [Fact(DisplayName = "A restart on the same stores and KEK reuses the stored key")]
    public async Task Restart_ReusesKey()
    {
        var kid = Ring.ActiveKey.KeyId;
        var store = Store;
        var secrets = _server.Services.GetRequiredService<IServerSecretStore>();
        var kek = _server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MandateServerOptions>>().Value.KeyEncryptionKey;
        await using var restarted = await ServerHarness.CreateAsync(o => o.KeyEncryptionKey = kek, s =>
        {
            s.AddSingleton(store);
            s.AddSingleton(secrets);
        });
        Assert.Equal(kid, restarted.Services.GetRequiredService<SigningKeyRing>().ActiveKey.KeyId);
    }

    [Fact(DisplayName = "A restart with another KEK fails fast instead of signing with a new key")]
    public async Task Restart_WithOtherKek_Fails()
    {
        var store = Store;
        var secrets = _server.Services.GetRequiredService<IServerSecretStore>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => ServerHarness.CreateAsync(null, s =>
        {
            s.AddSingleton(store);
            s.AddSingleton(secrets);
        }));
    }
}
