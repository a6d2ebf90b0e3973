using Microsoft.Playwright;

namespace Mandate.Console.Tests;

/// <summary>Saves full-page screenshots into the repository's docs/console folder, shown by docs/console.md.</summary>
internal static class ConsoleScreenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "console");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mandate.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Mandate.slnx not found above " + AppContext.BaseDirectory);
    }
}
