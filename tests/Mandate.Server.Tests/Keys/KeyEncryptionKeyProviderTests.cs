// Where the KEK comes from (architecture §5): options, then configuration (MANDATE_KEY_ENCRYPTION_KEY /
// Mandate:KeyEncryptionKey), then a generated {DataDirectory}/kek with mode 0600.
using System.Security.Cryptography;
using Mandate.Jose;
using Mandate.Server.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Tests.Keys;

public sealed class KeyEncryptionKeyProviderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-kek-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private KeyEncryptionKeyProvider Create(string? configured = null, IConfiguration? configuration = null) =>
        new(Options.Create(new MandateServerOptions { Issuer = "https://auth.example.com", DataDirectory = _directory, KeyEncryptionKey = configured }),
            NullLogger<KeyEncryptionKeyProvider>.Instance, configuration);

    [Fact(DisplayName = "Without a configured KEK one is generated into {DataDirectory}/kek with mode 0600 and reused")]
    public void Generated_IsPersistedPrivately()
    {
        var first = Create().Key;
        var path = Path.Combine(_directory, "kek");
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(32, first.Length);
        Assert.Equal(first, Create().Key);
    }

    [Theory(DisplayName = "The KEK is read from configuration when options do not set it")]
    [InlineData("MANDATE_KEY_ENCRYPTION_KEY")]
    [InlineData("Mandate:KeyEncryptionKey")]
    public void Configuration_IsUsed(string name)
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(name, Base64Url.Encode(kek))]).Build();
        Assert.Equal(kek, Create(configuration: configuration).Key);
        Assert.False(File.Exists(Path.Combine(_directory, "kek")));
    }

    [Fact(DisplayName = "Options win over configuration")]
    public void Options_WinOverConfiguration()
    {
        var fromOptions = RandomNumberGenerator.GetBytes(32);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("MANDATE_KEY_ENCRYPTION_KEY", Base64Url.Encode(new byte[32]))]).Build();
        Assert.Equal(fromOptions, Create(Base64Url.Encode(fromOptions), configuration).Key);
    }

    [Fact(DisplayName = "A malformed configured KEK fails fast")]
    public void Malformed_Throws()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("MANDATE_KEY_ENCRYPTION_KEY", "too-short")]).Build();
        Assert.Throws<InvalidOperationException>(() => Create(configuration: configuration).Key);
    }

    [Fact(DisplayName = "A server without configured KEK starts and signs with a key protected by the generated file")]
    public async Task Server_WithGeneratedKek_Starts()
    {
        await using var server = await Harness.ServerHarness.CreateAsync(o => o.KeyEncryptionKey = null);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "kek")));
        Assert.NotNull(server.Services.GetRequiredService<SigningKeyRing>().ActiveKey);
    }
}
