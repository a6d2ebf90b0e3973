using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.Cluster.Tests;

/// <summary>
/// One <c>mandate serve --store postgres</c> process of a cluster: its own loopback port and data folder; the
/// cluster's connection string, key-encryption key and public issuer URL in common.
/// </summary>
internal sealed class MandateNode : IAsyncDisposable
{
    private readonly TempDirectory? _directory;
    private readonly string _workingDirectory;

    private MandateNode(string url, TempDirectory? directory, string workingDirectory, string dataDirectory, ProcessHost process)
    {
        Url = url;
        _directory = directory;
        _workingDirectory = workingDirectory;
        DataDirectory = dataDirectory;
        Process = process;
    }

    /// <summary>The node's own listen URL.</summary>
    public string Url { get; }

    /// <summary>The running process.</summary>
    public ProcessHost Process { get; }

    /// <summary>The node's data folder (on the first node: the bootstrap admin credentials).</summary>
    public string DataDirectory { get; }

    /// <summary>Starts a node and waits for its RFC 8414 metadata.</summary>
    public static Task<MandateNode> StartAsync(string issuer, IReadOnlyDictionary<string, string?> environment, string? url = null)
    {
        url ??= FreePort.NextLoopbackUrl();
        var directory = new TempDirectory("node");
        return StartAsync(
            url, ["serve", "--store", "postgres", "--urls", url, "--issuer", issuer, "--data-dir", directory.Combine("data")],
            directory.Path, directory.Combine("data"), environment, directory);
    }

    /// <summary>Starts <c>mandate {arguments}</c> (a serve command listening on <paramref name="url"/>) in
    /// <paramref name="workingDirectory"/>, which the caller owns, and waits for its RFC 8414 metadata.</summary>
    public static Task<MandateNode> StartAsync(
        string url, IReadOnlyList<string> arguments, string workingDirectory, string dataDirectory, IReadOnlyDictionary<string, string?> environment) =>
        StartAsync(url, arguments, workingDirectory, dataDirectory, environment, null);

    private static async Task<MandateNode> StartAsync(
        string url, IReadOnlyList<string> arguments, string workingDirectory, string dataDirectory, IReadOnlyDictionary<string, string?> environment, TempDirectory? owned)
    {
        var process = ProcessHost.Start("mandate serve " + url, RepoLayout.MandateCli, arguments, workingDirectory, environment);
        var node = new MandateNode(url, owned, workingDirectory, dataDirectory, process);
        try
        {
            await process.WaitForHttpAsync(url + "/.well-known/oauth-authorization-server");
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs an admin command (<c>mandate agent|key …</c>) against this node with its data folder's credentials.</summary>
    public Task<CommandResult> AdminAsync(params string[] arguments) =>
        MandateCommand.RunAsync(_workingDirectory, [.. arguments, "--server", Url, "--data-dir", DataDirectory]);

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _directory?.Dispose();
    }
}
