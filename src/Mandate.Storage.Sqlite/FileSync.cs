using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// The two syncs .NET has no API for: fdatasync(2) for a file's data, and fsync(2) on a folder, which is
/// what makes a new file's name survive a crash on Unix. Windows (NTFS logs its metadata) and other
/// systems fall back to a full flush.
/// </summary>
internal static partial class FileSync
{
    /// <summary>
    /// Flushes the data of <paramref name="file"/> (and any metadata needed to read it back) to the disk.
    /// On Linux fdatasync skips a change that only moved the modification time; fsync would write the
    /// inode, and a journal commit with it, on about every fourth group commit under load (timestamps
    /// tick every 4 ms at CONFIG_HZ=250).
    /// </summary>
    /// <exception cref="IOException">The sync failed.</exception>
    public static void Data(FileStream file)
    {
        if (!OperatingSystem.IsLinux())
        {
            file.Flush(flushToDisk: true);
            return;
        }

        SafeFileHandle handle = file.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Fdatasync((int)handle.DangerousGetHandle()) != 0)
            {
                throw new IOException($"fdatasync failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <exception cref="IOException">The folder could not be opened or synced.</exception>
    public static void Directory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Could not open the folder '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Could not sync the folder '{directory}' (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
