using System.Diagnostics;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// Runs a script of tests/node with Node.js, the JavaScript interop oracles (jose, oauth4webapi) that ./test.sh
/// installs with <c>npm ci</c>. A missing <c>node</c> or a missing <c>node_modules</c> fails the test with a message
/// saying what to install; it never skips.
/// </summary>
internal static class NodeScript
{
    /// <summary>The folder of the scripts and their pinned packages.</summary>
    public static string Folder => Path.Combine(RepoLayout.Root, "tests", "node");

    /// <summary>Runs <c>node {script}</c> in <see cref="Folder"/> with <paramref name="environment"/>; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string script, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "oauth4webapi")))
        {
            throw new Xunit.Sdk.XunitException($"tests/node/node_modules is missing: run ./test.sh, or 'npm ci' in {Folder}.");
        }

        var startInfo = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new Xunit.Sdk.XunitException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new Xunit.Sdk.XunitException($"Node.js is required for the interop tests and 'node' was not found on PATH ({exception.Message}); install nodejs (./test.sh does).");
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var cancellation = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"node {script} did not finish within {timeout.TotalSeconds} s.\n{await stderr}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
