using Mandate.Testing;
using Microsoft.Playwright;

namespace Mandate.Console.Tests;

/// <summary>The signing keys page in a real Chromium: rotate through the confirmation, open the emergency-revoke
/// confirmation; saves docs/console/keys.png and docs/console/key-revoke-confirm.png.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleKeyBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Admin_RotatesByKeyboard_SeesTimeline_ConfirmsRevoke()
    {
        await using var server = await MandateTestServer.StartAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // generous: CI runs the test projects in parallel on 2 cores
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        await page.GotoAsync(root + "/console/sign-in");
        await page.FillAsync("#client_id", server.Admin.ClientId);
        await page.FillAsync("#client_secret", server.Admin.ClientSecret);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(root + "/console");

        await page.ClickAsync("nav a[href='/console/keys']");
        await page.WaitForURLAsync(root + "/console/keys");
        // Keyboard only: focus the link, check the focus really is on it, then press Enter.
        var rotate = page.Locator("main a[href='/console/keys/confirm-rotate']");
        await rotate.FocusAsync();
        await Assertions.Expect(rotate).ToBeFocusedAsync();
        await rotate.PressAsync("Enter"); // the key goes to this element, whatever else took the focus meanwhile
        await page.WaitForURLAsync(root + "/console/keys/confirm-rotate");
        var confirm = page.Locator("main button.primary");
        await confirm.FocusAsync();
        await Assertions.Expect(confirm).ToBeFocusedAsync();
        await confirm.PressAsync("Enter");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/console/keys(#k-.*)?$"));
        Assert.Equal(2, await page.Locator("main tbody tr").CountAsync());
        Assert.Contains("pending", await page.InnerTextAsync("main table"), StringComparison.Ordinal);
        Assert.Contains("Rotation under way", await page.InnerTextAsync("#next-rotation"), StringComparison.Ordinal);
        await ConsoleScreenshots.SaveAsync(page, "keys");

        await page.Locator("main a.danger").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/confirm-revoke$"));
        Assert.Equal(1, await page.Locator("main button.destructive").CountAsync());
        await ConsoleScreenshots.SaveAsync(page, "key-revoke-confirm");
    }
}
