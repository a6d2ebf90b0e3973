using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>README "Five-minute walk-through", typed by an operator: serve, agent create, token get, token inspect.</summary>
[Collection(E2ECollection.Name)]
public sealed class ReadmeWalkthroughTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact(DisplayName = "README walk-through: serve; agent create --json prints exactly client_id and client_secret; token get --json; token inspect verifies the signature; kek and admin credentials 0600; no secret in clear in SQLite")]
    [UnsupportedOSPlatform("windows")] // file modes are POSIX
    public async Task Walkthrough()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);

        CommandResult created = (await server.AdminAsync(
            "agent", "create", "report-bot", "--scope", "tools:read tools:write", "--audience", Audience,
            "--owner", "alice@example.com", "--json")).AssertExitCode(ExitCode.Ok);
        JsonElement credentials = created.OutputJson();
        Assert.Equal(JsonValueKind.Object, credentials.ValueKind);
        Assert.Equal(["client_id", "client_secret"], credentials.EnumerateObject().Select(p => p.Name).ToArray());
        var agent = new AgentCredentials(credentials.GetProperty("client_id").GetString()!, credentials.GetProperty("client_secret").GetString()!);
        Assert.StartsWith("agt_", agent.ClientId, StringComparison.Ordinal);
        Assert.StartsWith("mnd_", agent.ClientSecret, StringComparison.Ordinal);

        // As the README types it: credentials from MANDATE_CLIENT_ID / MANDATE_CLIENT_SECRET, not the command line.
        CommandResult tokenResult = (await server.RunAsync(
            ["token", "get", "--scope", "tools:read", "--server", server.Url, "--json"],
            new Dictionary<string, string?> { ["MANDATE_CLIENT_ID"] = agent.ClientId, ["MANDATE_CLIENT_SECRET"] = agent.ClientSecret })).AssertExitCode(ExitCode.Ok);
        JsonElement token = tokenResult.OutputJson();
        string accessToken = token.GetProperty("access_token").GetString()!;
        Assert.Equal(3, accessToken.Split('.').Length);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.True(token.GetProperty("expires_in").GetInt64() > 0, tokenResult.ToString());
        Assert.Equal("tools:read", token.GetProperty("scope").GetString());
        Assert.Equal(Audience, UnverifiedAudience(accessToken)); // the agent's only audience, without --resource

        CommandResult inspected = (await server.InspectAsync(accessToken)).AssertExitCode(ExitCode.Ok);
        Assert.Contains(inspected.Output, line => line.StartsWith("signature: valid", StringComparison.Ordinal));

        // README: the kek is generated with a warning to configure MANDATE_KEY_ENCRYPTION_KEY in production.
        await server.Process.WaitForOutputLineAsync(line => line.Contains("MANDATE_KEY_ENCRYPTION_KEY", StringComparison.Ordinal));

        AssertDataFolderKeepsSecretsPrivate(server.DataDirectory, agent);
    }

    // The payload's aud, read without verification (token inspect verifies the signature above).
    private static string? UnverifiedAudience(string jwt)
    {
        string payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using JsonDocument claims = JsonDocument.Parse(Convert.FromBase64String(payload));
        return claims.RootElement.GetProperty("aud").GetString();
    }

    [UnsupportedOSPlatform("windows")]
    private static void AssertDataFolderKeepsSecretsPrivate(string dataDirectory, AgentCredentials agent)
    {
        string credentialsPath = Path.Combine(dataDirectory, "admin-credentials.json");
        string kekPath = Path.Combine(dataDirectory, "kek");
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(credentialsPath));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(kekPath));

        using JsonDocument adminCredentials = JsonDocument.Parse(File.ReadAllBytes(credentialsPath));
        string adminSecret = adminCredentials.RootElement.GetProperty("client_secret").GetString()!;

        // mandate.db, and -wal / -shm while the server runs (recent writes may not be checkpointed yet).
        string[] databaseFiles = Directory.GetFiles(dataDirectory, "mandate.db*");
        Assert.Contains(databaseFiles, f => Path.GetFileName(f) == "mandate.db");
        foreach (string path in databaseFiles)
        {
            byte[] contents = ReadShared(path);
            foreach ((string label, string secret) in new[] { ("agent", agent.ClientSecret), ("admin", adminSecret) })
            {
                Assert.False(Contains(contents, Encoding.UTF8.GetBytes(secret)), $"{path} holds the {label} client secret in clear");
                // Nor the 32 random bytes behind "mnd_" + base64url, in case they were stored raw.
                byte[] raw = Convert.FromBase64String(ToBase64(secret["mnd_".Length..]));
                Assert.False(Contains(contents, raw), $"{path} holds the raw bytes of the {label} client secret");
            }
        }
    }

    private static byte[] ReadShared(string path)
    {
        // The server has the files open; read alongside it.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static string ToBase64(string base64Url)
    {
        string text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }
}
