using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mandate.Console.Tests;

/// <summary>The alerts page in a real Chromium: acknowledge an alert with the keyboard; saves docs/console/alerts.png.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleAlertBrowserTests(ChromiumFixture chromium)
{
    private const string Api = "https://api.example.com";

    [Fact]
    public async Task Admin_AcknowledgesAnAlertByKeyboard()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await server.CreateAgentAsync(new { name = "invoice-bot", scopes = new[] { "invoices:read" }, audiences = new[] { Api } });
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(agent.ClientId, agent.ClientSecret!, Api, "invoices:delete"));
        var store = server.Services.GetRequiredService<IAuditStore>();
        await ConsoleAlertFlowTests.WaitForAlertAsync(store);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: CI runs the test projects in parallel on 2 cores
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        await page.GotoAsync(root + "/console/sign-in");
        await page.FillAsync("#client_id", server.Admin.ClientId);
        await page.FillAsync("#client_secret", server.Admin.ClientSecret);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(root + "/console");

        await page.ClickAsync("nav a[href='/console/alerts']");
        await page.WaitForURLAsync(root + "/console/alerts");
        var rows = await page.Locator("main tbody tr").CountAsync();
        Assert.True(rows >= 1);
        var acknowledge = page.Locator("main tbody tr button[type=submit]").First;
        await acknowledge.FocusAsync();
        await acknowledge.PressAsync("Enter"); // the key goes to this button, whatever else took the focus meanwhile
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/console/alerts#a[0-9]+$"));
        Assert.Contains("by " + server.Admin.ClientId, await page.InnerTextAsync("main table"), StringComparison.Ordinal);
        Assert.Equal(rows - 1, await page.Locator("main tbody tr button[type=submit]").CountAsync());
        await ConsoleScreenshots.SaveAsync(page, "alerts");
    }
}
