using System.Net;
using Mandate.Admin.Console;
using Mandate.Testing;

namespace Mandate.Console.Tests;

/// <summary>Console rights from the operator's admin scopes: pages show only allowed actions, and the POST handlers enforce them.</summary>
public sealed class ConsoleRoleFlowTests
{
    private const string Api = "https://api.example.com";

    [Fact]
    public async Task Viewer_SeesNoActions_AndForgedPostsAre403WithNothingChanged()
    {
        await using var server = await MandateTestServer.StartAsync();
        var target = await server.CreateAgentAsync(new { name = "target", scopes = new[] { "read" }, audiences = new[] { Api } });
        var viewer = await server.CreateAgentAsync(new { name = "viewer", scopes = new[] { "mandate:read" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SignInAsync(viewer.ClientId, viewer.ClientSecret!)).StatusCode);

        var page = await browser.GetAsync("console/agents/" + target.ClientId);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("target", html, StringComparison.Ordinal);
        Assert.Contains("(viewer)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("confirm/suspend", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/policy\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/console/agents/new", html, StringComparison.Ordinal);

        // A valid session anti-forgery token (from the sign-out form) with a hand-made action POST.
        var suspend = await browser.SubmitAsync("console/agents/" + target.ClientId, "console/agents/" + target.ClientId + "/suspend");
        Assert.Equal(HttpStatusCode.Forbidden, suspend.StatusCode);
        var refusal = await suspend.Content.ReadAsStringAsync();
        Assert.Contains("MND3301", refusal, StringComparison.Ordinal);
        Assert.Contains("mandate:agents", refusal, StringComparison.Ordinal);
        var create = await browser.SubmitAsync("console/agents", "console/agents", ("name", "sneaky"), ("owner", "x@example.com"), ("scopes", "read"), ("audiences", Api));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        var policy = await browser.SubmitAsync("console/agents", "console/agents/" + target.ClientId + "/policy", ("token_lifetime", "60"));
        Assert.Equal(HttpStatusCode.Forbidden, policy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("console/agents/" + target.ClientId + "/confirm/suspend")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("console/agents/new")).StatusCode);

        // Nothing changed: the target still gets tokens and no agent named "sneaky" exists.
        await server.GetTokenAsync(target.ClientId, target.ClientSecret!, Api, "read");
        var list = await (await browser.GetAsync("console/agents")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("sneaky", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentsScope_MaySuspend_KeysScopeMayNot()
    {
        await using var server = await MandateTestServer.StartAsync();
        var target = await server.CreateAgentAsync(new { name = "target", scopes = new[] { "read" }, audiences = new[] { Api } });
        var keys = await server.CreateAgentAsync(new { name = "key-operator", scopes = new[] { "mandate:read", "mandate:keys" }, audiences = new[] { Api } });
        var agents = await server.CreateAgentAsync(new { name = "agent-operator", scopes = new[] { "mandate:read", "mandate:agents" }, audiences = new[] { Api } });

        using (var keyBrowser = new ConsoleBrowserSession(server.BaseAddress))
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await keyBrowser.SignInAsync(keys.ClientId, keys.ClientSecret!)).StatusCode);
            var html = await (await keyBrowser.GetAsync("console/agents/" + target.ClientId)).Content.ReadAsStringAsync();
            Assert.Contains("(viewer + keys)", html, StringComparison.Ordinal);
            Assert.DoesNotContain("confirm/suspend", html, StringComparison.Ordinal);
            var refused = await keyBrowser.SubmitAsync("console/agents/" + target.ClientId, "console/agents/" + target.ClientId + "/suspend");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            await server.GetTokenAsync(target.ClientId, target.ClientSecret!, Api, "read");
        }

        using var agentBrowser = new ConsoleBrowserSession(server.BaseAddress);
        Assert.Equal(HttpStatusCode.SeeOther, (await agentBrowser.SignInAsync(agents.ClientId, agents.ClientSecret!)).StatusCode);
        Assert.Contains("confirm/suspend", await (await agentBrowser.GetAsync("console/agents/" + target.ClientId)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var suspended = await agentBrowser.SubmitAsync("console/agents/" + target.ClientId + "/confirm/suspend", "console/agents/" + target.ClientId + "/suspend");
        Assert.Equal(HttpStatusCode.SeeOther, suspended.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetTokenAsync(target.ClientId, target.ClientSecret!, Api, "read"));
    }

    [Fact]
    public async Task AgentsScope_CannotActOnOrMintAnOperator()
    {
        await using var server = await MandateTestServer.StartAsync();
        var agents = await server.CreateAgentAsync(new { name = "agent-operator", scopes = new[] { "mandate:read", "mandate:agents" }, audiences = new[] { Api } });
        var bootstrap = server.Admin;
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SignInAsync(agents.ClientId, agents.ClientSecret!)).StatusCode);

        // The bootstrap admin holds mandate:admin: suspending it, rotating its secret or editing its policy needs mandate:admin.
        foreach (var action in new[] { "suspend", "rotate-secret" })
        {
            var refused = await browser.SubmitAsync("console/agents/" + bootstrap.ClientId, "console/agents/" + bootstrap.ClientId + "/" + action);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("mandate:admin", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var policy = await browser.SubmitAsync("console/agents", "console/agents/" + bootstrap.ClientId + "/policy", ("token_lifetime", "60"));
        Assert.Equal(HttpStatusCode.Forbidden, policy.StatusCode);
        var mint = await browser.SubmitAsync("console/agents", "console/agents", ("name", "evil"), ("owner", "x@example.com"), ("scopes", "mandate:admin"), ("audiences", Api));
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);

        // The bootstrap admin still works.
        Assert.NotEmpty(await server.GetAdminTokenAsync());
    }

    [Fact]
    public async Task NoAdminScope_IsRefusedSignIn()
    {
        await using var server = await MandateTestServer.StartAsync();
        var plain = await server.CreateAgentAsync(new { name = "plain", scopes = new[] { "read" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var signIn = await browser.SignInAsync(plain.ClientId, plain.ClientSecret!);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Contains("MND3303", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.GetAsync("console/agents")).StatusCode);
    }

    [Theory]
    [InlineData("mandate:admin", (int)ConsoleRole.Admin, "admin")]
    [InlineData("mandate:read", (int)ConsoleRole.Viewer, "viewer")]
    [InlineData("mandate:agents", (int)ConsoleRole.Agents, "agents")]
    [InlineData("mandate:read mandate:agents", (int)(ConsoleRole.Viewer | ConsoleRole.Agents), "viewer + agents")]
    [InlineData("mandate:keys mandate:audit", (int)(ConsoleRole.Keys | ConsoleRole.Audit), "keys + audit")]
    [InlineData("mandate:read mandate:admin", (int)ConsoleRole.Admin, "admin")]
    [InlineData("read mandate:introspect", (int)ConsoleRole.None, "none")]
    public void FromScopes_MapsEachAdminScopeToItsRights(string scopes, int expected, string described)
    {
        var role = ConsoleRoles.FromScopes(scopes.Split(' '));

        Assert.Equal((ConsoleRole)expected, role);
        Assert.Equal(described, ConsoleRoles.Describe(role));
    }
}
