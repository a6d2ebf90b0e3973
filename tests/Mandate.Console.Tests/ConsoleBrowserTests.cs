using Mandate.Testing;
using Microsoft.Playwright;

namespace Mandate.Console.Tests;

/// <summary>The console in a real Chromium against a real server on 127.0.0.1; saves each page to docs/console/*.png.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Operator_SignsIn_CreatesAgent_SeesIt_SuspendsIt()
    {
        await using var server = await MandateTestServer.StartAsync();
        var existing = await server.CreateAgentAsync(new { name = "report-writer", owner = "bob@example.com", scopes = new[] { "reports:read" }, audiences = new[] { "https://reports.example.com" } });
        await server.GetTokenAsync(existing.ClientId, existing.ClientSecret!, "https://reports.example.com", "reports:read");
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: CI runs the test projects in parallel on 2 cores
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            // The browser's own /favicon.ico probe is not the console's.
            if (message.Type == "error" && !message.Location.Contains("favicon.ico", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text + " at " + message.Location);
            }
        };
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');

        await page.GotoAsync(root + "/console/sign-in");
        await ShotAsync(page, "sign-in");
        await page.FillAsync("#client_id", server.Admin.ClientId);
        await page.FillAsync("#client_secret", server.Admin.ClientSecret);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(root + "/console");
        Assert.Equal("Overview", await page.InnerTextAsync("main h1"));
        await ShotAsync(page, "overview");

        await page.GotoAsync(root + "/console/agents/new");
        await ShotAsync(page, "create-agent");
        await page.FillAsync("#name", "invoice-bot");
        await page.FillAsync("#owner", "alice@example.com");
        await page.FillAsync("#scopes", "invoices:read");
        await page.FillAsync("#audiences", "https://api.example.com");
        await page.ClickAsync("main button[type=submit]");
        var secret = await page.InnerTextAsync("#secret");
        var clientId = await page.InnerTextAsync("dl dd code");
        Assert.NotEmpty(secret);
        await ShotAsync(page, "secret-once");

        await server.GetTokenAsync(clientId, secret, "https://api.example.com", "invoices:read");

        await page.GotoAsync(root + "/console/agents");
        Assert.Contains("invoice-bot", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "agents");

        await page.ClickAsync("text=invoice-bot");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "agent");
        await page.ClickAsync("text=Suspend…");
        await ShotAsync(page, "confirm");
        await page.ClickAsync("main button.destructive");
        await page.WaitForURLAsync(root + "/console/agents/" + clientId);
        Assert.Contains("suspended", await page.InnerTextAsync("main dl"), StringComparison.Ordinal);

        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(clientId, secret, "https://api.example.com", "invoices:read"));
        Assert.Empty(consoleErrors);
    }

    private static async Task ShotAsync(IPage page, string name)
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
