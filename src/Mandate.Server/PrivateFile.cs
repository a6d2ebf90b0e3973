using System.Text;

namespace Mandate.Server;

/// <summary>Writes files that only the current user may read (mode 0600 on Unix).</summary>
internal static class PrivateFile
{
    /// <summary>Creates <paramref name="path"/> with the text; throws <see cref="IOException"/> when it exists.</summary>
    public static void WriteNew(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation, so there is no window in which the file is readable by others.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(contents));
    }
}
