// Resolves the 32-byte key-encryption key (KEK) once: options, then host configuration
// (MANDATE_KEY_ENCRYPTION_KEY or Mandate:KeyEncryptionKey), then a generated {DataDirectory}/kek file
// created with mode 0600. The generated file is convenient for a laptop and announced with a warning.
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Keys;

internal sealed class KeyEncryptionKeyProvider
{
    internal const string EnvironmentKey = "MANDATE_KEY_ENCRYPTION_KEY";
    internal const string ConfigurationKey = "Mandate:KeyEncryptionKey";
    internal const string FileName = "kek";

    private readonly Lazy<byte[]> _key;
    private readonly IOptions<MandateServerOptions> _options;
    private readonly IConfiguration? _configuration;

    public KeyEncryptionKeyProvider(IOptions<MandateServerOptions> options, ILogger<KeyEncryptionKeyProvider> logger, IConfiguration? configuration = null)
    {
        _options = options;
        _configuration = configuration;
        _key = new Lazy<byte[]>(() => Resolve(options.Value, configuration, logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The path of the <c>kek</c> file that <see cref="Key"/> would generate: no key is configured and the file
    /// does not exist. Null when a key is configured or the file exists.
    /// </summary>
    public string? FileToGenerate
    {
        get
        {
            if (Configured(_options.Value, _configuration) is not null)
            {
                return null;
            }

            var path = Path.Combine(Path.GetFullPath(_options.Value.DataDirectory), FileName);
            return File.Exists(path) ? null : path;
        }
    }

    /// <summary>The KEK bytes. Throws <see cref="InvalidOperationException"/> when a configured value is malformed.</summary>
    public byte[] Key => _key.Value;

    internal static bool TryDecode(string text, out byte[] key)
    {
        if (Mandate.Jose.Base64Url.TryDecode(text.Trim(), out key) && key.Length == 32)
        {
            return true;
        }

        key = [];
        return false;
    }

    private static string? Configured(MandateServerOptions options, IConfiguration? configuration) =>
        options.KeyEncryptionKey ?? configuration?[EnvironmentKey] ?? configuration?[ConfigurationKey];

    private static byte[] Resolve(MandateServerOptions options, IConfiguration? configuration, ILogger logger)
    {
        var configured = Configured(options, configuration);
        if (configured is not null)
        {
            return TryDecode(configured, out var key)
                ? key
                : throw new InvalidOperationException("MND0003: the configured key-encryption key must be base64url of exactly 32 bytes.");
        }

        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            Log.KeyEncryptionKeyLoadedFromFile(logger, path);
            return TryDecode(File.ReadAllText(path), out var existing)
                ? existing
                : throw new InvalidOperationException($"MND0003: {path} does not hold base64url of exactly 32 bytes.");
        }

        var generated = RandomNumberGenerator.GetBytes(32);
        try
        {
            PrivateFile.WriteNew(path, Mandate.Jose.Base64Url.Encode(generated));
        }
        catch (IOException) when (File.Exists(path) && TryDecode(File.ReadAllText(path), out var raced))
        {
            // Another process created the file first; use its key so both agree.
            return raced;
        }

        Log.KeyEncryptionKeyGenerated(logger, path);
        return generated;
    }
}
