using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Admin;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Console.Tests;

/// <summary>Console sign-in through a real OpenID Provider on loopback (<see cref="TestOidcProvider"/>), driven over HTTP with a cookie jar.</summary>
public sealed class ConsoleOidcFlowTests
{
    private const string Api = "https://api.example.com";

    [Fact(DisplayName = "OIDC Core §3.1: an admin-mapped user lands on the console and its actions are audited as oidc:sub@issuer")]
    public async Task AdminMappedUser_SignsIn_AndActionsCarryTheOidcIdentity()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        await using var server = await StartAsync(idp);
        var target = await server.CreateAgentAsync(new { name = "target", scopes = new[] { "read" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var signInPage = await (await browser.GetAsync("console/sign-in")).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with Test IdP", signInPage, StringComparison.Ordinal);
        Assert.Contains("name=\"client_secret\"", signInPage, StringComparison.Ordinal);

        var (final, hops) = await browser.OidcSignInAsync();
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("/console", final.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await final.Content.ReadAsStringAsync();
        Assert.Contains("Ada Operator (admin)", html, StringComparison.Ordinal);
        var operatorId = "oidc:user-1@" + idp.Issuer.Authority;
        Assert.Contains("title=\"" + operatorId + "\"", html, StringComparison.Ordinal);
        Assert.Equal(1, idp.Redeemed);

        // The challenge sets Lax correlation and nonce cookies; the callback issues the Strict session cookie.
        var challengeCookies = hops[0].Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(challengeCookies, c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(challengeCookies, c => c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
        var authorize = hops[0].Headers.Location!.Query;
        Assert.Contains("code_challenge_method=S256", authorize, StringComparison.Ordinal);
        Assert.DoesNotContain("form_post", authorize, StringComparison.Ordinal); // query: the default response mode of the code flow
        Assert.Contains("nonce=", authorize, StringComparison.Ordinal);
        var session = hops[^1].Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mandate-console=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);

        var suspended = await browser.SubmitAsync("console/agents/" + target.ClientId + "/confirm/suspend", "console/agents/" + target.ClientId + "/suspend");
        Assert.Equal(HttpStatusCode.SeeOther, suspended.StatusCode);
        var records = await AuditAsync(server, "agent=" + target.ClientId);
        Assert.Contains(records, r => r.GetProperty("client_id").GetString() == operatorId && r.GetProperty("type").GetString() == "admin.agent");
        var signIns = await AuditAsync(server, "type=console.sign_in");
        Assert.Contains(signIns, r => r.GetProperty("client_id").GetString() == operatorId && r.GetProperty("reason").GetString() == "signed in");
    }

    [Fact]
    public async Task ViewerMappedUser_SeesNoActions()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        idp.User = new TestOidcUser("user-2", "Vera Viewer", "vera@example.com", ["mandate-viewers"]);
        await using var server = await StartAsync(idp);
        var target = await server.CreateAgentAsync(new { name = "target", scopes = new[] { "read" }, audiences = new[] { Api } });
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var (final, _) = await browser.OidcSignInAsync();
        Assert.Contains("Vera Viewer (viewer)", await final.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await (await browser.GetAsync("console/agents/" + target.ClientId)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("confirm/suspend", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("console/audit")).StatusCode);
    }

    [Fact]
    public async Task UnmappedUser_IsRefused_Audited_AndGetsNoSession()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        idp.User = new TestOidcUser("user-3", "Nadia Nobody", "nadia@example.com", ["marketing"]);
        await using var server = await StartAsync(idp);
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var (final, _) = await browser.OidcSignInAsync();
        Assert.Equal(HttpStatusCode.Forbidden, final.StatusCode);
        Assert.Contains("MND3103", await final.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.GetAsync("console")).StatusCode);
        var signIns = await AuditAsync(server, "type=console.sign_in");
        Assert.Contains(signIns, r => r.GetProperty("client_id").GetString() == "oidc:user-3@" + idp.Issuer.Authority
            && r.GetProperty("reason").GetString() == "failed: no mapped role");
    }

    [Theory(DisplayName = "OIDC Core §3.1.3.7: an ID token from another issuer, with a wrong nonce, or a callback with a wrong state is refused")]
    [InlineData("issuer")]
    [InlineData("nonce")]
    [InlineData("state")]
    [InlineData("error")]
    public async Task BrokenResponse_IsRefused_AndAudited(string broken)
    {
        await using var idp = await TestOidcProvider.StartAsync();
        idp.IssuerOverride = broken == "issuer" ? "https://elsewhere.example" : null;
        idp.NonceOverride = broken == "nonce" ? "not-the-nonce" : null;
        idp.Error = broken == "error" ? "access_denied" : null;
        await using var server = await StartAsync(idp);
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var (final, _) = await browser.OidcSignInAsync(broken == "state" ? TamperState : null);
        Assert.Equal(HttpStatusCode.Unauthorized, final.StatusCode);
        Assert.Contains("MND3102", await final.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.GetAsync("console")).StatusCode);
        var signIns = await AuditAsync(server, "type=console.sign_in");
        Assert.Contains(signIns, r => r.GetProperty("reason").GetString()!.StartsWith("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientSecret_NeverAppearsInLogsOrAudit()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var server = await StartAsync(idp, configureServices: services => services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        using (var browser = new ConsoleBrowserSession(server.BaseAddress))
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.OidcSignInAsync()).Final.StatusCode);
        }

        idp.NonceOverride = "not-the-nonce";
        using (var browser = new ConsoleBrowserSession(server.BaseAddress))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.OidcSignInAsync()).Final.StatusCode);
        }

        var messages = logs.Entries.Select(e => e.Text).ToList();
        Assert.Contains(messages, m => m.Contains("Console sign-in by oidc:user-1@", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("OpenID Connect sign-in failed", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(TestOidcProvider.ClientSecret, StringComparison.Ordinal));
        var all = await AuditAsync(server, "limit=10000");
        Assert.DoesNotContain(all, r => r.GetRawText().Contains(TestOidcProvider.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedOidcSignIns_AreRateLimited_LikeWrongCredentials()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        idp.User = new TestOidcUser("user-3", "Nadia Nobody", "nadia@example.com", ["marketing"]);
        await using var server = await StartAsync(idp, configureServices: services =>
            services.Configure<Mandate.Server.RateLimiting.RateLimitOptions>(o => o.FailedAuthenticationsPerAddress = 3));
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var refused = 0;
        HttpResponseMessage? blocked = null;
        for (var attempt = 0; attempt < 10 && blocked is null; attempt++)
        {
            var (final, _) = await browser.OidcSignInAsync();
            if (final.StatusCode == HttpStatusCode.TooManyRequests)
            {
                blocked = final;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, final.StatusCode);
                refused++;
            }
        }

        Assert.NotNull(blocked);
        Assert.InRange(refused, 1, 4);
        Assert.Contains("MND3302", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(blocked.Headers.RetryAfter is not null);
        Assert.Equal(refused, idp.Redeemed);
    }

    [Fact]
    public async Task OidcOnly_HidesAndRefusesTheCredentialForm()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        await using var server = await StartAsync(idp, oidc => oidc.Only = true);
        using var browser = new ConsoleBrowserSession(server.BaseAddress);

        var page = await (await browser.GetAsync("console/sign-in")).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with Test IdP", page, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", page, StringComparison.Ordinal);
        var post = await browser.PostAsync("console/sign-in", [new("client_id", server.Admin.ClientId), new("client_secret", server.Admin.ClientSecret)]);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("MND3104", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutOidc_TheStartAndCallbackAre404_AndNoButtonIsShown()
    {
        await using var server = await MandateTestServer.StartAsync();
        using var browser = new ConsoleBrowserSession(server.BaseAddress);
        Assert.DoesNotContain("/console/sign-in/oidc", await (await browser.GetAsync("console/sign-in")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("console/sign-in/oidc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("console/sign-in/oidc/callback?code=x&state=y")).StatusCode);
    }

    internal static Task<MandateTestServer> StartAsync(TestOidcProvider idp, Action<MandateConsoleOidcOptions>? configure = null, Action<IServiceCollection>? configureServices = null) =>
        MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services =>
            {
                services.Configure<MandateConsoleOptions>(options =>
                {
                    options.Oidc = new MandateConsoleOidcOptions
                    {
                        Authority = idp.Issuer,
                        ClientId = TestOidcProvider.ClientId,
                        ClientSecret = TestOidcProvider.ClientSecret,
                        DisplayName = "Test IdP",
                        RoleMappings =
                        [
                            new ConsoleOidcRoleMapping { Value = "mandate-admins", Roles = ["admin"] },
                            new ConsoleOidcRoleMapping { Value = "mandate-viewers", Roles = ["viewer"] },
                        ],
                    };
                    configure?.Invoke(options.Oidc);
                });
                configureServices?.Invoke(services);
            },
        });

    private static Uri TamperState(Uri uri) =>
        uri.AbsolutePath.EndsWith("/callback", StringComparison.Ordinal)
            ? new Uri(System.Text.RegularExpressions.Regex.Replace(uri.AbsoluteUri, "state=[^&]+", "state=forged"))
            : uri;

    private static async Task<List<JsonElement>> AuditAsync(MandateTestServer server, string query)
    {
        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var json = JsonDocument.Parse(await admin.GetStringAsync("admin/audit?" + query));
        return [.. json.RootElement.GetProperty("records").EnumerateArray().Select(r => r.Clone())];
    }
}
