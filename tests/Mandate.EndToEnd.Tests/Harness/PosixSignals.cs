using System.Runtime.InteropServices;

namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>Sends Ctrl-C (SIGINT) to a process, the way an operator stops <c>mandate serve</c>.</summary>
internal static class PosixSignals
{
    private const int SigInt = 2;

    /// <summary>Sends SIGINT to <paramref name="processId"/>; false when the platform has no POSIX signals or kill(2) failed.</summary>
    public static bool TryInterrupt(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigInt) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
