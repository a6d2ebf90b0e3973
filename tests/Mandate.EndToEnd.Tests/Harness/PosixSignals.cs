using System.Runtime.InteropServices;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// Sends SIGTERM, the way a service manager (or an operator's <c>kill</c>) stops <c>mandate serve</c>.
/// docs/cli.md: serve runs until Ctrl-C or SIGTERM, then stops gracefully and exits 0. SIGTERM rather
/// than SIGINT because a process started from a non-interactive shell may inherit SIGINT as ignored.
/// </summary>
internal static class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="processId"/>; false when the platform has no POSIX signals or kill(2) failed.</summary>
    public static bool TryTerminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
