using Mandate.Cli.Admin;
using Mandate.Cli.Http;

namespace Mandate.Cli.Serve;

/// <summary>
/// The data folder of <c>mandate serve</c> and the rules that keep its state safe (docs/cli.md, "The data folder"):
/// a new store only in an empty or new folder (or with <c>--init</c>); the folder private to its user (created 0700,
/// refused when group- or world-writable); bound to one issuer, recorded in <c>{folder}/issuer</c>; used by one
/// server at a time (an exclusive lock on <c>{folder}/serve.lock</c>, held until the server stops).
/// </summary>
internal sealed class ServeDataFolder : IDisposable
{
    /// <summary>File that records the issuer the folder's state belongs to.</summary>
    public const string IssuerFileName = "issuer";

    /// <summary>File locked exclusively while a server uses the folder.</summary>
    public const string LockFileName = "serve.lock";

    private readonly FileStream? _lock;

    private ServeDataFolder(FileStream? lockFile) => _lock = lockFile;

    /// <summary>Checks the folder without writing anything.</summary>
    /// <param name="path">The data folder (absolute).</param>
    /// <param name="database">The SQLite database file inside it; null for a PostgreSQL store, where only the folder's mode and issuer rules apply.</param>
    /// <param name="issuer">The issuer this server runs under.</param>
    /// <param name="init">--init: a new store may be created in a folder that holds files.</param>
    /// <param name="acceptIssuerChange">--accept-issuer-change: the recorded issuer may differ.</param>
    /// <exception cref="CliException">A rule is broken (exit code 1); the message names the file.</exception>
    public static void Check(string path, string? database, string issuer, bool init, bool acceptIssuerChange)
    {
        if (File.Exists(path))
        {
            throw new CliException(ExitCodes.Failure, $"MND0711: the data folder {path} is a file, not a folder");
        }

        if (!Directory.Exists(path))
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new CliException(ExitCodes.Failure, $"MND0712: the data folder {path} is writable by group or others; make it private with 'chmod 700 {path}'");
            }
        }

        if (database is null)
        {
            CheckIssuer(path, issuer, acceptIssuerChange);
            return;
        }

        bool hasStore = File.Exists(database) && new FileInfo(database).Length > 0;
        if (init && hasStore)
        {
            throw new CliException(ExitCodes.Failure, $"MND0713: --init creates a new store, but {database} already holds one; move it away first, or start without --init");
        }

        if (!hasStore)
        {
            string[] others = Directory.EnumerateFileSystemEntries(path)
                .Select(Path.GetFileName)
                .Where(name => name is not null && name != LockFileName && !name.StartsWith(IssuerFileName, StringComparison.Ordinal) && !name.StartsWith(Path.GetFileName(database), StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray()!;
            if (others.Length > 0 && !init)
            {
                throw new CliException(
                    ExitCodes.Failure,
                    $"MND0714: {database} is missing or empty, but {path} holds {string.Join(", ", others)}: restore the database, or start with --init to create a new store in this folder (it replaces admin-credentials.json)");
            }

            return;
        }

        CheckIssuer(path, issuer, acceptIssuerChange);
    }

    private static void CheckIssuer(string path, string issuer, bool acceptIssuerChange)
    {
        (string? recorded, string source) = RecordedIssuer(path);
        if (recorded is not null && !SameIssuer(recorded, issuer) && !acceptIssuerChange)
        {
            throw new CliException(
                ExitCodes.Failure,
                $"MND0715: the data folder {path} belongs to issuer {recorded} ({source}), not {issuer}: start with --issuer {recorded}, or change the issuer deliberately with --issuer {issuer} --accept-issuer-change");
        }
    }

    /// <summary>
    /// Creates the folder (0700 whatever the umask), takes its lock, checks it again under the lock and records
    /// <paramref name="issuer"/>. Call after the listening sockets are bound.
    /// </summary>
    /// <exception cref="CliException">Another server holds the lock, or a rule is broken (exit code 1).</exception>
    public static ServeDataFolder Open(string path, string? database, string issuer, bool init, bool acceptIssuerChange)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            if (!OperatingSystem.IsWindows())
            {
                // mkdir applies the umask; set the mode explicitly so it is 0700 whatever the umask is.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (database is null)
        {
            // A PostgreSQL store is shared by several nodes by design: no lock, only the issuer rule.
            Check(path, database, issuer, init, acceptIssuerChange);
            WriteIssuer(Path.Combine(path, IssuerFileName), issuer);
            return new ServeDataFolder(null);
        }

        string lockPath = Path.Combine(path, LockFileName);
        FileStream lockFile;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, held until the stream is closed.
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new CliException(
                ExitCodes.Failure,
                $"MND0716: another 'mandate serve' is using the data folder {path} ({lockPath} is locked): stop it, or give this server its own --data-dir");
        }

        try
        {
            Check(path, database, issuer, init, acceptIssuerChange);
            WriteIssuer(Path.Combine(path, IssuerFileName), issuer);
            return new ServeDataFolder(lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock?.Dispose();

    private static (string? Issuer, string Source) RecordedIssuer(string path)
    {
        string file = Path.Combine(path, IssuerFileName);
        if (File.Exists(file))
        {
            return (File.ReadAllText(file).Trim(), "recorded in " + file);
        }

        // A folder from before the issuer was recorded: the bootstrap admin's credentials name it.
        string credentials = Path.Combine(path, AdminCredentials.FileName);
        if (File.Exists(credentials) && JsonText.TryParse(File.ReadAllBytes(credentials)) is { } json)
        {
            return (JsonText.GetString(json, "issuer"), "named in " + credentials);
        }

        return (null, "");
    }

    private static bool SameIssuer(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.Ordinal);

    private static void WriteIssuer(string file, string issuer)
    {
        string next = file + ".new";
        File.Delete(next);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(next, options))
        {
            writer.WriteLine(issuer);
        }

        File.Move(next, file, overwrite: true);
    }
}
