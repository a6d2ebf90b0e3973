using System.Security.Cryptography;
using Mandate.EndToEnd.Tests.Harness;
using Npgsql;

namespace Mandate.Cluster.Tests;

/// <summary>
/// Every node on one PostgreSQL database must share one key-encryption key: a node started with another key, or
/// with none, refuses to start with one line and writes nothing (no signing key, no secret, no <c>kek</c> file).
/// </summary>
[Collection(ClusterFixture.Collection)]
public sealed class KeyEncryptionKeyClusterTests(ClusterFixture cluster)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task NodeWithAnotherKek_RefusesToStartWithOneLine_StoreUnchanged()
    {
        var environment = new Dictionary<string, string?>(cluster.Environment)
        {
            ["MANDATE_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
        };

        var line = await RefusedAsync(environment);

        Assert.StartsWith("error: MND1100: ", line, StringComparison.Ordinal);
        Assert.Contains("same key-encryption key", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeWithNoKekAndKeysInPostgreSql_RefusesToStartWithOneLine_WritesNoKek()
    {
        var environment = new Dictionary<string, string?>(cluster.Environment) { ["MANDATE_KEY_ENCRYPTION_KEY"] = null };

        var line = await RefusedAsync(environment);

        Assert.StartsWith("error: MND0700: ", line, StringComparison.Ordinal);
    }

    // Starts a fourth node on the cluster's database, expects it to exit with code 1 and one line on stderr without a kek file, and
    // checks that the signing keys and server secrets in PostgreSQL are exactly what they were before.
    private async Task<string> RefusedAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var before = await StoreFingerprintAsync();
        using var directory = new TempDirectory("refused-node");
        var dataDirectory = directory.Combine("data");
        await using var process = ProcessHost.Start(
            "mandate serve (refused)", RepoLayout.MandateCli,
            ["serve", "--store", "postgres", "--urls", FreePort.NextLoopbackUrl(), "--issuer", cluster.Issuer, "--data-dir", dataDirectory],
            directory.Path, environment);

        var exitCode = await process.WaitForExitAsync(ExitTimeout);

        var transcript = process.Transcript();
        Assert.True(exitCode == ExitCode.Failure, $"exit code {exitCode}\n{transcript}");
        Assert.True(process.Error.Lines.Count == 1, $"expected one line on stderr\n{transcript}");
        Assert.DoesNotContain("   at ", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.ConnectionString, transcript, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dataDirectory, "kek")), "a refused node must not write a kek file");
        Assert.Equal(before, await StoreFingerprintAsync());
        return process.Error.Lines[0];
    }

    // The signing keys (id, state, ciphertext) and the encrypted server secrets, as one comparable string.
    private async Task<string> StoreFingerprintAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(string_agg(key_id || ':' || state || ':' || encode(sha256(encrypted_private_key), 'hex'), ';' ORDER BY key_id), '')
                || '|' || (SELECT coalesce(string_agg(name || ':' || encode(sha256(value), 'hex'), ';' ORDER BY name), '') FROM server_secrets)
            FROM signing_keys;
            """,
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
