namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>A new empty folder under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory($"mandate-e2e-{prefix}-").FullName;
    }

    public string Path { get; }

    /// <summary>A path inside this folder (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A process that outlived its kill may still hold a file; one retry after it is surely gone.
            Thread.Sleep(200);
            Directory.Delete(Path, recursive: true);
        }
    }
}
