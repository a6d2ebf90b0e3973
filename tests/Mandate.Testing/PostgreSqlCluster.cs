using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mandate.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster started from the installed server binaries (<c>/usr/lib/postgresql/*/bin</c>):
/// <c>initdb</c> into a temporary folder, <c>pg_ctl</c> on a free loopback port with the unix socket in that folder
/// (<c>fsync=off</c>: the data is thrown away after the run, and no test crashes the machine).
/// When the tests run as root the binaries run as Debian's unprivileged <c>postgres</c> user (PostgreSQL refuses
/// root). Dispose stops the server and deletes the folder.
/// </summary>
/// <remarks>A missing PostgreSQL is an error, never a skip: <c>./test.sh</c> installs Debian's <c>postgresql</c>.</remarks>
public sealed class PostgreSqlCluster : IDisposable
{
    /// <summary>The superuser the cluster is created with.</summary>
    public const string User = "mandate";

    /// <summary>The superuser's password. The cluster trusts loopback connections (a SCRAM handshake per new
    /// connection costs more than the tests' queries on a busy machine), so the password is carried but not checked.</summary>
    public const string Password = "mandate-test-password";

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly bool _asPostgresUser;

    private PostgreSqlCluster(string binDirectory, string root, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        RootDirectory = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The temporary folder (data directory, socket, log).</summary>
    public string RootDirectory { get; }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> as the superuser over TCP on 127.0.0.1.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database={database};Timeout=60;Command Timeout=120";

    /// <summary>Creates and starts a cluster.</summary>
    /// <exception cref="InvalidOperationException">The server binaries are missing, or initdb/pg_ctl failed.</exception>
    public static PostgreSqlCluster Start()
    {
        var bin = FindBinDirectory();
        var root = Path.Combine(Path.GetTempPath(), "mandate-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var asPostgres = Environment.UserName == "root";
        var cluster = new PostgreSqlCluster(bin, root, FreePort(), asPostgres);
        try
        {
            cluster.Initialise();
            cluster.StartServer();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server with <c>pg_ctl stop -m fast</c> (tests of outages); <see cref="StartServer"/> brings it back.</summary>
    public void StopServer() => Run("pg_ctl", "stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "60");

    /// <summary>Starts the server on the same port and data directory, waiting until it accepts connections.</summary>
    public void StartServer() => Run(
        "pg_ctl", "start", "-D", _dataDirectory, "-w", "-t", "60", "-l", Path.Combine(RootDirectory, "server.log"),
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {RootDirectory} -c max_connections=300 -c shared_buffers=32MB " +
        // A test cluster: a crash of this machine loses nothing the tests need, so skip the flushes.
        "-c fsync=off -c full_page_writes=off");

    /// <summary>Stops the server (immediate shutdown) and deletes the folder.</summary>
    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
            {
                Run("pg_ctl", "stop", "-D", _dataDirectory, "-m", "immediate", "-w", "-t", "30");
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }

        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Initialise()
    {
        var passwordFile = Path.Combine(RootDirectory, "pwfile");
        File.WriteAllText(passwordFile, Password + "\n");
        if (_asPostgresUser)
        {
            RunProcess("chown", ["-R", "postgres:postgres", RootDirectory]);
        }

        Run("initdb", "-D", _dataDirectory, "-U", User, "--pwfile", passwordFile, "--auth-local=trust",
            "--auth-host=trust", "-E", "UTF8", "--no-locale", "--no-sync");
        File.Delete(passwordFile);
    }

    private void Run(string tool, params string[] arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        if (_asPostgresUser)
        {
            RunProcess("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            RunProcess(path, arguments);
        }
    }

    private static void RunProcess(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} timed out.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output.Result}");
        }
    }

    private static string FindBinDirectory()
    {
        const string Root = "/usr/lib/postgresql";
        var bin = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found: run ./test.sh, which installs Debian's postgresql");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
