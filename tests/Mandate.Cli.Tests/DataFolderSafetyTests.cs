using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary>
/// Start-up never destroys or replaces state silently: the data folder is written only once the address is held,
/// is bound to one issuer and one server, and a store is never re-created beside another store's files.
/// Each test runs <c>mandate serve</c> in-process on loopback with a real SQLite file.
/// </summary>
public sealed class DataFolderSafetyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mandate-folder-").FullName;

    private string DataDirectory => Path.Combine(_root, ".mandate");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the OS cleans temp folders.
        }
    }

    [Fact]
    public async Task Serve_PortTaken_RefusedBeforeTheDataFolderExists()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using ServeRun run = await StartAsync("--urls", $"http://127.0.0.1:{port}");

        run.AssertRefused(ExitCodes.Failure, "MND0710");
        Assert.Contains("already in use", run.Stderr);
        Assert.False(Directory.Exists(DataDirectory), "nothing may be written before the address is held");
    }

    [Fact]
    public async Task Serve_SecondServerOnTheSameFolder_RefusedByTheLock()
    {
        string url = Url();
        await using ServeRun first = await StartAsync("--urls", url);
        Assert.True(first.Listening, first.Stderr);

        await using ServeRun second = await StartAsync("--urls", Url(), "--issuer", url);

        second.AssertRefused(ExitCodes.Failure, "MND0716");
        Assert.Contains(Path.Combine(DataDirectory, "serve.lock"), second.Stderr);
        (await Cli(url).RunAsync("agent", "list")).AssertOk();
    }

    [Fact]
    public async Task Serve_OtherIssuer_RefusedUntilAccepted_ThenAdminAndKeysFollow()
    {
        string before = Url();
        string[] kids;
        await using (ServeRun first = await StartAsync("--urls", before))
        {
            Assert.True(first.Listening, first.Stderr);
            kids = await KeyIdsAsync(before);
        }

        string after = Url();
        await using (ServeRun refused = await StartAsync("--urls", after))
        {
            refused.AssertRefused(ExitCodes.Failure, "MND0715");
            Assert.Contains($"belongs to issuer {before}", refused.Stderr);
            Assert.Contains("--accept-issuer-change", refused.Stderr);
        }

        await using (ServeRun moved = await StartAsync("--urls", after, "--accept-issuer-change"))
        {
            Assert.True(moved.Listening, moved.Stderr);
            (await Cli(after).RunAsync("agent", "list")).AssertOk();
            Assert.Subset(new HashSet<string>(await KeyIdsAsync(after)), new HashSet<string>(kids));
            Assert.Equal(after, IssuerIn(Path.Combine(DataDirectory, "admin-credentials.json")));
            Assert.Equal(after, File.ReadAllText(Path.Combine(DataDirectory, "issuer")).Trim());
        }

        await using ServeRun back = await StartAsync("--urls", before);
        back.AssertRefused(ExitCodes.Failure, $"belongs to issuer {after}");
    }

    [Fact]
    public async Task Serve_DatabaseMissingBesideKekAndCredentials_RefusedUnlessInit()
    {
        string url = Url();
        await using (ServeRun first = await StartAsync("--urls", url))
        {
            Assert.True(first.Listening, first.Stderr);
        }

        string credentials = Path.Combine(DataDirectory, "admin-credentials.json");
        string oldCredentials = File.ReadAllText(credentials);
        foreach (string file in Directory.GetFiles(DataDirectory, "mandate.db*"))
        {
            File.Delete(file);
        }

        await using (ServeRun refused = await StartAsync("--urls", url))
        {
            refused.AssertRefused(ExitCodes.Failure, "MND0714");
            Assert.Contains(Path.Combine(DataDirectory, "mandate.db"), refused.Stderr);
            Assert.Contains("--init", refused.Stderr);
        }

        Assert.Equal(oldCredentials, File.ReadAllText(credentials));
        await using ServeRun init = await StartAsync("--urls", url, "--init");
        Assert.True(init.Listening, init.Stderr);
        Assert.NotEqual(oldCredentials, File.ReadAllText(credentials));
        (await Cli(url).RunAsync("agent", "list")).AssertOk();
    }

    [Fact]
    public async Task Serve_InitWhereAStoreExists_Refused()
    {
        string url = Url();
        await using (ServeRun first = await StartAsync("--urls", url))
        {
            Assert.True(first.Listening, first.Stderr);
        }

        await using ServeRun init = await StartAsync("--urls", url, "--init");
        init.AssertRefused(ExitCodes.Failure, "MND0713");
    }

    [Fact]
    public async Task Serve_KekMissingForAnExistingStore_RefusedNamingTheFile_NoNewKekWritten()
    {
        string url = Url();
        await using (ServeRun first = await StartAsync("--urls", url))
        {
            Assert.True(first.Listening, first.Stderr);
        }

        string kek = Path.Combine(DataDirectory, "kek");
        File.Delete(kek);

        await using ServeRun refused = await StartAsync("--urls", url);

        refused.AssertRefused(ExitCodes.Failure, "MND0700");
        Assert.Contains(kek, refused.Stderr);
        Assert.False(File.Exists(kek), "a new key-encryption key must not be written beside keys encrypted with another");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Serve_NewDataFolder_IsPrivateToItsUser()
    {
        await using ServeRun run = await StartAsync("--urls", Url());

        Assert.True(run.Listening, run.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(DataDirectory));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Serve_GroupWritableDataFolder_Refused()
    {
        Directory.CreateDirectory(DataDirectory);
        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);

        await using ServeRun run = await StartAsync("--urls", Url());

        run.AssertRefused(ExitCodes.Failure, "MND0712");
        Assert.Contains($"chmod 700 {DataDirectory}", run.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(DataDirectory));
    }

    private static string Url() => $"http://127.0.0.1:{FreePort.Next()}";

    private static string? IssuerIn(string credentialsFile) =>
        JsonDocument.Parse(File.ReadAllText(credentialsFile)).RootElement.GetProperty("issuer").GetString();

    private static async Task<string[]> KeyIdsAsync(string issuer)
    {
        using var http = new HttpClient();
        using JsonDocument jwks = JsonDocument.Parse(await http.GetStringAsync(issuer + "/jwks", TestContext.Timeout));
        return jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToArray();
    }

    private CliRunner Cli(string url) => new(_root, new Dictionary<string, string> { ["MANDATE_SERVER"] = url });

    private Task<ServeRun> StartAsync(params string[] args) => ServeRun.StartAsync(_root, null, args);
}
