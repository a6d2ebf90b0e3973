using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Console.Tests;

/// <summary>The signing keys page against a real server: timeline, rotate and emergency revoke through the key ring, audited, scope-guarded.</summary>
public sealed partial class ConsoleKeyFlowTests
{
    private const string Api = "https://api.example.com";

    [Fact]
    public async Task KeysPage_RotateThenEmergencyRevoke_ChangesTheJwks_AndIsAudited()
    {
        await using var server = await MandateTestServer.StartAsync();
        var operatorAgent = await server.CreateAgentAsync(new { name = "key-operator", scopes = new[] { "mandate:read", "mandate:keys" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(operatorAgent.ClientId, operatorAgent.ClientSecret!);

        var list = await (await browser.GetAsync("console/keys")).Content.ReadAsStringAsync();
        var active = KeyRow().Matches(list).Select(m => m.Groups[1].Value).Single();
        Assert.Contains("Next scheduled rotation", list, StringComparison.Ordinal);
        Assert.Contains(active, await JwksKidsAsync(server));

        var rotated = await browser.SubmitAsync("console/keys/confirm-rotate", "console/keys/rotate");
        Assert.Equal(HttpStatusCode.SeeOther, rotated.StatusCode);
        var afterRotate = await (await browser.GetAsync("console/keys")).Content.ReadAsStringAsync();
        var pending = KeyRow().Matches(afterRotate).Select(m => m.Groups[1].Value).Single(kid => kid != active);
        Assert.Contains("Rotation under way", afterRotate, StringComparison.Ordinal);
        Assert.Contains(pending, await JwksKidsAsync(server));

        var revoked = await browser.SubmitAsync("console/keys/" + pending + "/confirm-revoke", "console/keys/" + pending + "/revoke");
        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.DoesNotContain(pending, await JwksKidsAsync(server));
        Assert.Contains(active, await JwksKidsAsync(server));
        var again = await browser.SubmitAsync("console/keys", "console/keys/" + pending + "/revoke");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("MND3800", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var audit = await server.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { Type = AuditEventTypes.KeyChanged }, CancellationToken.None);
        Assert.Contains(audit, r => r.KeyId == pending && r.ClientId == operatorAgent.ClientId && r.Reason!.Contains("rotation requested via console", StringComparison.Ordinal));
        Assert.Contains(audit, r => r.KeyId == pending && r.ClientId == operatorAgent.ClientId && r.Reason!.Contains("revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeysPage_Viewer_SeesTimelineButNoActions_AndForgedRotateIs403()
    {
        await using var server = await MandateTestServer.StartAsync();
        var viewer = await server.CreateAgentAsync(new { name = "viewer", scopes = new[] { "mandate:read", "mandate:agents" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        await browser.SignInAsync(viewer.ClientId, viewer.ClientSecret!);
        var before = await JwksKidsAsync(server);

        var html = await (await browser.GetAsync("console/keys")).Content.ReadAsStringAsync();
        Assert.Single(KeyRow().Matches(html));
        Assert.DoesNotContain("confirm-rotate", html, StringComparison.Ordinal);
        Assert.DoesNotContain("confirm-revoke", html, StringComparison.Ordinal);
        var forged = await browser.SubmitAsync("console/keys", "console/keys/rotate");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("mandate:keys", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SubmitAsync("console/keys", "console/keys/" + before[0] + "/revoke")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("console/keys/confirm-rotate")).StatusCode);
        Assert.Equal(before, await JwksKidsAsync(server));
    }

    private static async Task<List<string>> JwksKidsAsync(MandateTestServer server)
    {
        using var jwks = JsonDocument.Parse(await server.HttpClient.GetStringAsync(new Uri(server.BaseAddress, "jwks")));
        return jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }

    [GeneratedRegex("<tr id=\"k-([^\"]+)\">")]
    private static partial Regex KeyRow();
}
